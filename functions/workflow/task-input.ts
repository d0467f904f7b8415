import { z } from 'zod';

/** The input of every deliverable execution and of the tasks it runs: which instance, which generation and revision. */
export const executionInputSchema = z.object({
  tenantId: z.string().min(1),
  year: z.number().int(),
  instanceId: z.string().min(1),
  generation: z.number().int().min(0).default(0),
  revision: z.number().int().min(0).default(0),
});

/** The input of the opening workflow's tasks: a municipality's cycle year. */
export const cycleInputSchema = z.object({ tenantId: z.string().regex(/^[a-z0-9-]{2,60}$/), year: z.number().int().min(2000).max(2200) });

/** Thrown for input that no retry can fix; the workflow's Catch turns it into a failed execution. */
export class PermanentError extends Error {
  override name = 'PermanentError';
}

/**
 * Thrown by Act when SES took some notices not yet: throttled only (NoticesThrottled, retried within
 * seconds) or deferred by an outage or another attempt in flight (NoticesDeferred, backing off to an
 * hour). The workflow's Retry tries again for as long as it takes; what was sent stays sent.
 */
export class NoticesThrottled extends Error {
  override name = 'NoticesThrottled';
}
export class NoticesDeferred extends Error {
  override name = 'NoticesDeferred';
}
