// The verified-token cache moved to @opora/subgraph-server: every subgraph remembers its own
// verdicts too (docs/decisions.md §76). Re-exported for the gateway's imports.
export { cachedTokenVerifier } from '@opora/subgraph-server';
export type { VerifiedTokenCacheOptions } from '@opora/subgraph-server';
