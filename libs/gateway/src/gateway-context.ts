import type { Principal } from '@opora/auth';
import type { Logger } from '@opora/logger';

export interface GatewayContext {
  requestId: string;
  logger: Logger;
  principal: Principal;
  /** The caller's Authorization header, passed on so that each subgraph verifies it again. */
  authorization?: string;
}
