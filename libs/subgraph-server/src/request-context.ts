import type { Logger } from '@opora/logger';

/** What every resolver receives; `loaders` are created per request by the service. */
export interface BaseContext {
  requestId: string;
  logger: Logger;
}
