/** The first pause after SES failed for now; each further attempt doubles it, up to the cap. */
const FIRST_PAUSE_MS = 2_000;
/** When SES only throttled: its rate frees up within seconds, so the pause stays short (measured by bench/herd.ts). */
export const THROTTLED_CAP_MS = 8_000;

/** At most an hour between attempts: an outage of hours costs some attempts, never the notice. */
const MAX_PAUSE_MS = 60 * 60 * 1000;

/**
 * When to try a deferred notice again: exponential backoff with jitter (half fixed, half random),
 * so that many executions held up by the same outage or throttling do not come back all at once.
 */
export function retryAt(now: Date, attempt: number, maxPauseMs = MAX_PAUSE_MS, random: () => number = Math.random): Date {
  const cap = Math.min(maxPauseMs, FIRST_PAUSE_MS * 2 ** Math.min(attempt, 20));
  return new Date(now.getTime() + cap / 2 + random() * (cap / 2));
}
