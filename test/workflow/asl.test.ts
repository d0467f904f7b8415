import { readFileSync } from 'node:fs';
import validator from 'asl-validator';
import { describe, expect, it } from 'vitest';
import { cycleWorkflowPath, deliverableWorkflowPath } from '../../infra/local/engine.js';

// A fresh copy for each use: the validator annotates the object it is given.
const load = () => JSON.parse(readFileSync(deliverableWorkflowPath, 'utf8'));
const definition = load();

describe('workflows/deliverable.asl.json', () => {
  it('is valid Amazon States Language, and so is workflows/cycle.asl.json', () => {
    for (const definition of [load(), JSON.parse(readFileSync(cycleWorkflowPath, 'utf8'))]) {
      const result = validator(definition);
      expect(result.errors).toEqual([]);
      expect(result.isValid).toBe(true);
    }
  });

  const iteration = definition.States.Notices.ItemProcessor;

  it('costs a Wait and an Act per notice, nothing else: Plan lists the steps, a Map runs them one by one', () => {
    expect(definition.QueryLanguage).toBe('JSONPath');
    expect(definition.StartAt).toBe('Plan');
    expect(definition.States.Plan.Next).toBe('Notices');
    expect(definition.States.Notices).toMatchObject({ Type: 'Map', ItemsPath: '$.plan.steps', MaxConcurrency: 1, End: true });
    expect(iteration.StartAt).toBe('WaitForStep');
    expect(Object.keys(iteration.States)).toEqual(['WaitForStep', 'Act']);
    expect(iteration.States.WaitForStep).toEqual({ Type: 'Wait', TimestampPath: '$.step.wakeAt', Next: 'Act' });
    expect(iteration.States.Act.End).toBe(true);
    expect(JSON.stringify(definition)).not.toContain('waitForTaskToken');
  });

  it('retries transient Lambda errors on both tasks, but never a permanent one; a failure ends in DeliverableFailed', () => {
    for (const state of [definition.States.Plan, iteration.States.Act]) {
      const retry = state.Retry as { ErrorEquals: string[]; MaxAttempts?: number }[];
      expect(retry[0]).toEqual({ ErrorEquals: ['PermanentError'], MaxAttempts: 0 });
      expect(retry.some((r) => r.ErrorEquals.includes('Lambda.TooManyRequestsException'))).toBe(true);
    }
    expect(definition.States.Plan.Catch[0].Next).toBe('DeliverableFailed');
    expect(definition.States.Notices.Catch[0].Next).toBe('DeliverableFailed');
  });

  it('waits for SES as long as it takes: throttling within seconds, an outage backing off to an hour', () => {
    const retry = iteration.States.Act.Retry as { ErrorEquals: string[]; MaxAttempts: number; MaxDelaySeconds: number; JitterStrategy: string }[];
    const of = (error: string) => retry.find((r) => r.ErrorEquals.includes(error))!;
    expect(of('NoticesThrottled')).toMatchObject({ MaxDelaySeconds: 8, JitterStrategy: 'FULL' });
    expect(of('NoticesDeferred')).toMatchObject({ MaxDelaySeconds: 3600, JitterStrategy: 'FULL' });
    // At an hour apart, more attempts than a lifetime of outages.
    for (const error of ['NoticesThrottled', 'NoticesDeferred']) expect(of(error).MaxAttempts).toBeGreaterThan(24 * 365 * 100);
    // Matched before the generic States.TaskFailed retrier, which would give up after four.
    const first = retry.findIndex((r) => r.ErrorEquals.includes('States.TaskFailed'));
    expect(retry.indexOf(of('NoticesDeferred'))).toBeLessThan(first);
  });
});
