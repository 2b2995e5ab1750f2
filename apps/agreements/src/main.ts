import 'reflect-metadata';
import { runService } from '@opora/subgraph-server';

import { agreementsService } from './agreements-service';
import { loadAgreementsEnvironment } from './environment';

runService({ ...agreementsService, environment: loadAgreementsEnvironment });
