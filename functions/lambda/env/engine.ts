import { SFNClient } from '@aws-sdk/client-sfn';
import { z } from 'zod';
import { StepFunctionsEngine } from '../../adapters/engine.js';
import { tracer } from '../../adapters/tracer.js';
import { readEnv } from './read.js';

const variable = { deliverable: 'DELIVERABLE_STATE_MACHINE_ARN', cycle: 'CYCLE_STATE_MACHINE_ARN' } as const;

/** Step Functions, knowing only the state machines this function starts, by ARN. */
export function engineFromEnv(fn: string, machines: readonly (keyof typeof variable)[]): StepFunctionsEngine {
  const shape = Object.fromEntries(machines.map((m) => [variable[m], z.string().startsWith('arn:')]));
  const e = readEnv(fn, z.object(shape)) as Record<string, string>;
  return new StepFunctionsEngine(tracer.captureAWSv3Client(new SFNClient({})), Object.fromEntries(machines.map((m) => [m, e[variable[m]]!])));
}
