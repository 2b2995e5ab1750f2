import { parseInput } from '@opora/subgraph-server';

import type { RegistryContext } from '../../registry-context';
import { importOrganizationsInput } from './organization-import.inputs';

export const organizationImportResolvers = {
  Mutation: {
    importOrganizations: (_: unknown, args: { input: unknown }, ctx: RegistryContext) =>
      ctx.services.organizationImport.import(parseInput(importOrganizationsInput, args.input), ctx.requestId),
  },
};
