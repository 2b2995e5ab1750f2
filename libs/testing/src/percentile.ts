/** The p-th percentile (0–100) of ascending-sorted figures, nearest rank; for benchmarks' reports. */
export function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}
