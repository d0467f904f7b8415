import { readdirSync, readFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { SESClient } from '@aws-sdk/client-ses';
import { SFNClient } from '@aws-sdk/client-sfn';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tracer } from '../../functions/adapters/tracer.js';
import { documentsFromEnv } from '../../functions/lambda/env/documents.js';
import { engineFromEnv } from '../../functions/lambda/env/engine.js';
import { kmsClient, linkKeysFromEnv, receiptSignerFromEnv } from '../../functions/lambda/env/keys.js';
import { mailerFromEnv } from '../../functions/lambda/env/mailer.js';
import { storeFromEnv } from '../../functions/lambda/env/store.js';

const lambdaDir = new URL('../../functions/lambda/', import.meta.url);

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('tracing the AWS SDK clients', () => {
  it('passes every client a builder makes through the tracer', () => {
    const environment = {
      TABLE_NAME: 'prestatiecyclus',
      MAIL_FROM: 'prestatieafspraken@example.org',
      SES_CONFIGURATION_SET: 'mail',
      DOCUMENTS_BUCKET: 'documents',
      AWS_REGION: 'eu-west-1',
      DELIVERABLE_STATE_MACHINE_ARN: 'arn:aws:states:eu-west-1:123456789012:stateMachine:deliverable',
      LINK_KEYS: JSON.stringify({ current: 'kms-1', keys: { 'kms-1': 'arn:aws:kms:eu-west-1:123456789012:key/1' } }),
      RECEIPT_KEY_ID: 'arn:aws:kms:eu-west-1:123456789012:key/2',
    };
    for (const [name, value] of Object.entries(environment)) vi.stubEnv(name, value);
    const traced = vi.spyOn(tracer, 'captureAWSv3Client');
    const builders: [() => unknown, new (...args: never[]) => unknown][] = [
      [() => storeFromEnv('Plan'), DynamoDBClient],
      [() => mailerFromEnv('Act'), SESClient],
      [() => documentsFromEnv('LinkPage'), S3Client],
      [() => engineFromEnv('Act', ['deliverable']), SFNClient],
      [() => linkKeysFromEnv('CalendarFeed'), KMSClient],
      [() => receiptSignerFromEnv('ReceiptKeys'), KMSClient],
      [() => kmsClient(), KMSClient],
    ];
    for (const [build, client] of builders) {
      traced.mockClear();
      build();
      expect(traced, build.toString()).toHaveBeenCalledTimes(1);
      expect(traced.mock.calls[0]![0]).toBeInstanceOf(client);
    }
  });

  it('makes clients in the builders only, each inside captureAWSv3Client', () => {
    const files = [
      ...readdirSync(lambdaDir).filter((f) => f.endsWith('.ts')),
      ...readdirSync(new URL('env/', lambdaDir)).filter((f) => f.endsWith('.ts')).map((f) => `env/${f}`),
    ];
    const made = files.flatMap((file) => {
      const source = readFileSync(new URL(file, lambdaDir), 'utf8');
      return [...source.matchAll(/(.{0,30})\bnew (\w+Client)\(/g)].map((m) => ({ file, client: m[2], traced: m[1]!.endsWith('tracer.captureAWSv3Client(') }));
    });
    expect(made.length).toBeGreaterThanOrEqual(5);
    expect(made.filter((m) => !m.file.startsWith('env/') || !m.traced)).toEqual([]);
  });
});
