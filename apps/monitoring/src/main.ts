import 'reflect-metadata';
import { runService } from '@opora/subgraph-server';

import { loadMonitoringEnvironment } from './environment';
import { monitoringService } from './monitoring-service';

runService({ ...monitoringService, environment: loadMonitoringEnvironment });
