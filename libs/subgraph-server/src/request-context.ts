import type { Principal } from '@opora/auth';
import type { Logger } from '@opora/logger';

/** What every resolver receives; `loaders` are created per request by the service. */
export interface BaseContext {
  requestId: string;
  logger: Logger;
  /** Who asks, from the verified token: pass it to `authorize` / `visibleScope` of @opora/auth. */
  principal: Principal;
}
