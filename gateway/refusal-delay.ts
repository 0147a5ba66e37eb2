/**
 * Refusals (a bad token, a request over a limit, a document that does not parse or validate) are answered after a
 * pause. A well-behaved client meets one rarely and loses a quarter of a second; a client looping on refused requests
 * as fast as they come back would otherwise take a core, since a refusal is cheap but not free. Held answers cost a
 * timer each.
 */
export const DEFAULT_REFUSAL_DELAY_MS = 250;

export function pause(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
