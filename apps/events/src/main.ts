import 'reflect-metadata';
import { runService } from '@opora/subgraph-server';

import { loadEventsEnvironment } from './environment';
import { eventsServiceWith } from './events-service';

const environment = loadEventsEnvironment();
runService({
  ...eventsServiceWith({ feedBaseUrl: environment.PUBLIC_URL ?? `http://127.0.0.1:${environment.PORT}` }),
  environment: () => environment,
});
