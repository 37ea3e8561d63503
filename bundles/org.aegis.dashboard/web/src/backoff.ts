/** Reconnection delays: exponential in the attempt, capped, with jitter so that many pages do not retry in step. */
export interface BackoffOptions {
  readonly baseMs: number;
  readonly capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 500, capMs: 15_000 };

/**
 * The wait before reconnection attempt {@code attempt} (0 for the first retry): half of min(cap, base·2^attempt)
 * fixed, the other half random ("equal jitter"), so it never collapses to zero and never exceeds the cap.
 */
export function backoffDelay(attempt: number, random: () => number, options: BackoffOptions = DEFAULT_BACKOFF): number {
  if (!Number.isInteger(attempt) || attempt < 0) {
    throw new RangeError(`attempt must be a non-negative integer, was ${attempt}`);
  }
  const ceiling = Math.min(options.capMs, options.baseMs * 2 ** Math.min(attempt, 30));
  return ceiling / 2 + random() * (ceiling / 2);
}
