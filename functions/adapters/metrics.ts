import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { MetricsOptions } from '@aws-lambda-powertools/metrics/types';
import { logger } from './logger.js';

/** Powertools' note when a flush finds nothing stored: what most invocations (a Plan, a page view) are. */
const NOTHING_STORED = 'No application metrics to publish';

/**
 * Powertools' own notes about metrics, in the house log. The one that a flush found nothing is
 * logged at debug: with a flush per invocation it would otherwise be a warning on every invocation
 * that counted nothing (and Powertools prints it even with `POWERTOOLS_METRICS_DISABLED`).
 */
function powertoolsNotes(log: typeof logger): NonNullable<MetricsOptions['logger']> {
  return {
    debug: (message: string) => log.debug(message),
    info: (message: string) => log.info(message),
    warn: (message: string) => (String(message).startsWith(NOTHING_STORED) ? log.debug(message) : log.warn(message)),
    error: (message: string) => log.error(message),
  };
}

/**
 * Creates a Metrics instance with the house settings: namespace `Prestatiecyclus`, the service as its
 * default dimension. Metrics are printed as CloudWatch EMF on stdout when flushed (the `logMetrics`
 * middleware of the task and HTTP stacks), unless `POWERTOOLS_METRICS_DISABLED` is true.
 */
export function createMetrics(log: typeof logger = logger): Metrics {
  return new Metrics({ namespace: 'Prestatiecyclus', serviceName: 'prestatiecyclus', logger: powertoolsNotes(log) });
}

/** The metrics of this function, flushed once per invocation by the middleware. */
export const metrics = createMetrics();

/**
 * The business figures. Their dimensions are the service and the tenant, never a person: a tenant
 * id names a municipality (a public body; the GDPR protects natural persons), there are few of
 * them, and figures per municipality are what an operator asks for. No function name either:
 * CloudWatch does not add up across dimension values, and five functions send notices.
 */
export type BusinessMetric = 'NoticesSent' | 'Submissions' | 'LateSubmissions' | 'Bounces' | 'Complaints' | 'ExecutionsRestarted';

/** The tenant the figures stored in an instance since its last flush are counted for. */
const batchTenant = new WeakMap<Metrics, string>();

/**
 * Adds one figure for one tenant. The stored figures share one set of dimensions until the flush,
 * so figures for another tenant first flush those of the previous one (a reconciler may touch
 * several municipalities in one invocation).
 */
function count(to: Metrics, name: BusinessMetric, tenantId: string, value = 1): void {
  const pending = to.hasStoredMetrics() ? batchTenant.get(to) : undefined;
  if (pending !== tenantId) {
    if (pending !== undefined) to.publishStoredMetrics();
    to.addDimension('tenant', tenantId);
    batchTenant.set(to, tenantId);
  }
  to.addMetric(name, MetricUnit.Count, value);
}

/** A notice (reminder, escalation, calendar, renewed link) went out: call after SES accepted it. */
export function countNoticeSent(slot: { tenantId: string }, to: Metrics = metrics): void {
  count(to, 'NoticesSent', slot.tenantId);
}

/**
 * A submission version was stored (through a link or recorded by the coordinator). `LateSubmissions`
 * is 1 or 0 for every version, so its sum counts the late ones and its average is the late share.
 */
export function countSubmission(submission: { tenantId: string; late: boolean }, to: Metrics = metrics): void {
  count(to, 'Submissions', submission.tenantId);
  count(to, 'LateSubmissions', submission.tenantId, submission.late ? 1 : 0);
}

/** SES reported a bounce or a complaint about a mail to a known contact. */
export function countMailEvent(event: { tenantId: string; eventType: 'Bounce' | 'Complaint' }, to: Metrics = metrics): void {
  count(to, event.eventType === 'Bounce' ? 'Bounces' : 'Complaints', event.tenantId);
}

/** An execution that should have been running was started again (the reconciler). */
export function countExecutionRestarted(execution: { tenantId: string }, to: Metrics = metrics): void {
  count(to, 'ExecutionsRestarted', execution.tenantId);
}
