import { z } from 'zod';
import { authModel, databaseModel, httpModel, kafkaModel, logModel } from '@opora/config';

/** The environment every subgraph service needs; an app may extend it with its own concerns. */
export const serviceEnvironmentModel = z.object({
  ...databaseModel,
  ...kafkaModel,
  ...httpModel,
  ...logModel,
  ...authModel,
});
