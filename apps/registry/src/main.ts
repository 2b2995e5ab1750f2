import 'reflect-metadata';
import { runService } from '@opora/subgraph-server';

import { loadRegistryEnvironment } from './environment';
import { registryService } from './registry-service';

runService({ ...registryService, environment: loadRegistryEnvironment });
