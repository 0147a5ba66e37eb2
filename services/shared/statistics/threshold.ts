// The smallest count a statistic publishes (STATISTICS_THRESHOLD, default 5): read once when a subgraph starts.

let threshold = 5;

export const MIN_THRESHOLD = 2;
export const MAX_THRESHOLD = 100;

export function configureThreshold(n: number): void {
  if (!Number.isInteger(n) || n < MIN_THRESHOLD || n > MAX_THRESHOLD)
    throw new Error(`statistics threshold must be an integer from ${MIN_THRESHOLD} to ${MAX_THRESHOLD}`);
  threshold = n;
}

export function statisticsThreshold(): number {
  return threshold;
}
