import type { ProjectedRegion } from '@opora/registry-projection';
import { accessChecks } from '@opora/service-kit';
import type { BaseContext } from '@opora/subgraph-server';

interface DirectoryContext extends BaseContext {
  loaders: { directory: { region: { load: (id: string) => Promise<ProjectedRegion | null> } } };
}

/**
 * The kit's access checks over the registry projection: a region's code (what tokens name) is read
 * from the projected region. Aggregates (comparisons, summaries, reports) ask `readAggregates`,
 * a single school's figures `read` — as for the data shown (docs/decisions.md §69).
 */
export const { requireAccess, readable, requireReadableFilter } = accessChecks<DirectoryContext>(
  async (ctx, regionId) => (await ctx.loaders.directory.region.load(regionId))?.code ?? null,
);
