import { afterEach, describe, expect, it, vi } from 'vitest';
import { engineFromEnv } from '../../functions/lambda/env/engine.js';
import { linkKeysFromEnv } from '../../functions/lambda/env/keys.js';
import { ConfigurationError } from '../../functions/lambda/env/read.js';
import { mailerFromEnv } from '../../functions/lambda/env/mailer.js';
import { storeFromEnv } from '../../functions/lambda/env/store.js';

afterEach(() => vi.unstubAllEnvs());

describe('a function started without its configuration', () => {
  it('fails at init with the function and the variable named', () => {
    vi.stubEnv('TABLE_NAME', undefined);
    expect(() => storeFromEnv('Plan')).toThrow(ConfigurationError);
    expect(() => storeFromEnv('Plan')).toThrow(/^Plan: environment variable TABLE_NAME/);
    vi.stubEnv('MAIL_FROM', 'prestatieafspraken@example.org');
    vi.stubEnv('SES_CONFIGURATION_SET', undefined);
    expect(() => mailerFromEnv('Act')).toThrow(/^Act: environment variable SES_CONFIGURATION_SET/);
  });

  it('asks only for the state machines it starts', () => {
    vi.stubEnv('DELIVERABLE_STATE_MACHINE_ARN', 'arn:aws:states:eu-west-1:123456789012:stateMachine:p-deliverable');
    vi.stubEnv('CYCLE_STATE_MACHINE_ARN', undefined);
    expect(() => engineFromEnv('Act', ['deliverable'])).not.toThrow();
    expect(() => engineFromEnv('OpenCycle', ['cycle'])).toThrow(/^OpenCycle: environment variable CYCLE_STATE_MACHINE_ARN/);
  });

  it('refuses link keys whose current key is not among them, without printing the value', () => {
    vi.stubEnv('LINK_KEYS', JSON.stringify({ current: 'kms-2', keys: { 'kms-1': 'arn:aws:kms:eu-west-1:123456789012:key/geheim' } }));
    expect(() => linkKeysFromEnv('LinkPage')).toThrow(/^LinkPage: environment variable LINK_KEYS/);
    expect(() => linkKeysFromEnv('LinkPage')).not.toThrow(/geheim/);
  });
});
