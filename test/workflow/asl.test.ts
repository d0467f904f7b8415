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

  it('keeps the stable state names that local overrides and the CDK stack rely on', () => {
    expect(definition.QueryLanguage).toBe('JSONPath');
    expect(Object.keys(definition.States)).toEqual(expect.arrayContaining(['Plan', 'WaitUntilNextAction', 'Act', 'WaitUntilHandOver', 'HandOver']));
    expect(definition.States.WaitUntilNextAction).toEqual({ Type: 'Wait', TimestampPath: '$.plan.wakeAt', Next: 'Act' });
    expect(JSON.stringify(definition)).not.toContain('waitForTaskToken');
  });

  it('retries transient Lambda errors on both tasks, but never a permanent one', () => {
    for (const state of ['Plan', 'Act']) {
      const retry = definition.States[state].Retry as { ErrorEquals: string[]; MaxAttempts?: number }[];
      expect(retry[0]).toEqual({ ErrorEquals: ['PermanentError'], MaxAttempts: 0 });
      expect(retry.some((r) => r.ErrorEquals.includes('Lambda.TooManyRequestsException'))).toBe(true);
      expect(definition.States[state].Catch[0].Next).toBe('DeliverableFailed');
    }
  });
});
