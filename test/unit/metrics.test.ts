import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { countExecutionRestarted, countMailEvent, countNoticeSent, countSubmission, createMetrics } from '../../functions/adapters/metrics.js';
import { captured, emfIn } from './captured-output.js';

// The tests run with metrics disabled (vitest.config.ts); these instances print, as in Lambda.
beforeEach(() => vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'false'));
afterEach(() => vi.unstubAllEnvs());

describe('the business figures', () => {
  it('are one EMF document per flush in the namespace Prestatiecyclus, by service and tenant', async () => {
    const metrics = createMetrics();
    countNoticeSent({ tenantId: 'leusden' }, metrics);
    countNoticeSent({ tenantId: 'leusden' }, metrics);
    countSubmission({ tenantId: 'leusden', late: true }, metrics);
    countSubmission({ tenantId: 'leusden', late: false }, metrics);
    countMailEvent({ tenantId: 'leusden', eventType: 'Bounce' }, metrics);
    countMailEvent({ tenantId: 'leusden', eventType: 'Complaint' }, metrics);
    countExecutionRestarted({ tenantId: 'leusden' }, metrics);
    const [emf, ...more] = emfIn(await captured(() => metrics.publishStoredMetrics()));
    expect(more).toEqual([]);
    expect(emf!._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: 'Prestatiecyclus',
        Dimensions: [['service', 'tenant']],
        Metrics: ['NoticesSent', 'Submissions', 'LateSubmissions', 'Bounces', 'Complaints', 'ExecutionsRestarted'].map((Name) => ({ Name, Unit: 'Count' })),
      },
    ]);
    const { _aws, ...values } = emf!;
    // LateSubmissions is 1 or 0 per version: its sum counts the late ones, its average is the late share.
    expect(values).toEqual({ service: 'prestatiecyclus', tenant: 'leusden', NoticesSent: [1, 1], Submissions: [1, 1], LateSubmissions: [1, 0], Bounces: 1, Complaints: 1, ExecutionsRestarted: 1 });
    expect(typeof _aws.Timestamp).toBe('number');
  });

  it('never carry a person: only the service and the tenant become keys of the document', async () => {
    const metrics = createMetrics();
    const submission = { tenantId: 'leusden', late: false, contactId: 'c-1', partyId: 'hlve', fields: { naam: 'Jan Jansen' } };
    countSubmission(submission, metrics);
    const [emf] = emfIn(await captured(() => metrics.publishStoredMetrics()));
    expect(Object.keys(emf!).sort()).toEqual(['LateSubmissions', 'Submissions', '_aws', 'service', 'tenant']);
  });

  it('flush the figures of one tenant before counting another, so each document is one tenant’s', async () => {
    const metrics = createMetrics();
    const lines = await captured(() => {
      countExecutionRestarted({ tenantId: 'leusden' }, metrics);
      countExecutionRestarted({ tenantId: 'leusden' }, metrics);
      countExecutionRestarted({ tenantId: 'amersfoort' }, metrics);
      countNoticeSent({ tenantId: 'amersfoort' }, metrics);
      metrics.publishStoredMetrics();
      countNoticeSent({ tenantId: 'amersfoort' }, metrics);
      metrics.publishStoredMetrics();
    });
    expect(emfIn(lines).map(({ _aws, ...values }) => values)).toEqual([
      { service: 'prestatiecyclus', tenant: 'leusden', ExecutionsRestarted: [1, 1] },
      { service: 'prestatiecyclus', tenant: 'amersfoort', ExecutionsRestarted: 1, NoticesSent: 1 },
      { service: 'prestatiecyclus', tenant: 'amersfoort', NoticesSent: 1 },
    ]);
    // The tenant is set once per document: Powertools warns when a dimension is overwritten.
    expect(lines.filter((l) => !l.startsWith('{"_aws"'))).toEqual([]);
  });

  it('print nothing for an invocation that counted nothing, and nothing at all when disabled', async () => {
    const quiet = createMetrics(new Logger({ serviceName: 'prestatiecyclus', logLevel: 'WARN' }));
    expect(await captured(() => quiet.publishStoredMetrics())).toEqual([]);
    const verbose = createMetrics(new Logger({ serviceName: 'prestatiecyclus', logLevel: 'DEBUG' }));
    const note = await captured(() => verbose.publishStoredMetrics());
    expect(note.map((l) => JSON.parse(l) as { level: string; message: string })).toMatchObject([{ level: 'DEBUG', message: expect.stringMatching(/^No application metrics to publish/) }]);

    vi.stubEnv('POWERTOOLS_METRICS_DISABLED', 'true');
    const disabled = createMetrics(new Logger({ serviceName: 'prestatiecyclus', logLevel: 'WARN' }));
    countNoticeSent({ tenantId: 'leusden' }, disabled);
    expect(await captured(() => disabled.publishStoredMetrics())).toEqual([]);
  });
});
