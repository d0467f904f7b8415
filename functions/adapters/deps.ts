import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { KMSClient } from '@aws-sdk/client-kms';
import { SESClient } from '@aws-sdk/client-ses';
import { SFNClient } from '@aws-sdk/client-sfn';
import { z } from 'zod';
import type { AppConfig } from './app-config.js';
import type { MacKeyring } from '../core/link-token.js';
import type { ReceiptSigner } from '../core/receipt.js';
import { systemClock, type Clock } from './clock.js';
import { StepFunctionsEngine, type WorkflowEngine } from './engine.js';
import { S3Client } from '@aws-sdk/client-s3';
import { S3DocumentStore, type DocumentStore } from './documents.js';
import { KmsMacKeyring } from './link-keys.js';
import { SesMailer, type Mailer } from './mailer.js';
import { KmsReceiptSigner } from './receipt-signer.js';
import { Store } from './store/index.js';

export { publicUrl, type AppConfig } from './app-config.js';

/** Everything a handler needs, made once: in AWS from the environment, locally by the local cloud. */
export interface Deps {
  store: Store;
  documents: DocumentStore;
  mailer: Mailer;
  engine: WorkflowEngine;
  linkKeys: MacKeyring;
  receiptSigner: ReceiptSigner;
  clock: Clock;
  config: AppConfig;
}

export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

const awsEnv = z.object({
  TABLE_NAME: z.string().min(3),
  PUBLIC_BASE_URL: z.url(),
  MAIL_FROM: z.string().min(3),
  SES_CONFIGURATION_SET: z.string().optional(),
  LINK_KEYS: z.string().transform((s, ctx) => {
    const parsed = z.object({ current: z.string(), keys: z.record(z.string(), z.string()) }).safeParse(JSON.parse(s));
    if (!parsed.success) {
      ctx.addIssue({ code: 'custom', message: 'LINK_KEYS must be {"current": id, "keys": {id: kmsKeyArn}}' });
      return z.NEVER;
    }
    return parsed.data;
  }),
  RECEIPT_KEY_ID: z.string(),
  /** Comma-separated KMS key ids of earlier receipt keys, still published. */
  RETIRED_RECEIPT_KEY_IDS: z.string().default(''),
  DELIVERABLE_STATE_MACHINE_ARN: z.string().default(''),
  CYCLE_STATE_MACHINE_ARN: z.string().default(''),
  LINK_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(60),
  DOCUMENTS_BUCKET: z.string().min(3),
  /** The dashboard's sign-in (Cognito managed login); only the dashboard functions get these. */
  COGNITO_USER_POOL_ID: z.string().optional(),
  COGNITO_CLIENT_ID: z.string().optional(),
  COGNITO_DOMAIN: z.url().optional(),
  AWS_REGION: z.string().default('eu-west-1'),
});

let cached: Deps | undefined;

/** Makes a value on first use and keeps it: a function builds only the clients it actually uses. */
function lazy<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => (value ??= make());
}

/** Clients and configuration for Lambda, made once per container (module scope of the entry). */
export function awsDeps(env: NodeJS.ProcessEnv = process.env): Deps {
  if (cached) return cached;
  const e = awsEnv.parse(env);
  const kms = lazy(() => new KMSClient({}));
  const store = lazy(() => new Store(documentClient(new DynamoDBClient({})), e.TABLE_NAME));
  const documents = lazy(() => new S3DocumentStore(new S3Client({}), e.DOCUMENTS_BUCKET));
  const mailer = lazy(() => new SesMailer(new SESClient({}), e.MAIL_FROM, e.SES_CONFIGURATION_SET));
  const engine = lazy(() => new StepFunctionsEngine(new SFNClient({}), { deliverable: e.DELIVERABLE_STATE_MACHINE_ARN, cycle: e.CYCLE_STATE_MACHINE_ARN }));
  const linkKeys = lazy(() => new KmsMacKeyring(kms(), e.LINK_KEYS.current, e.LINK_KEYS.keys));
  const receiptSigner = lazy(() => new KmsReceiptSigner(kms(), e.RECEIPT_KEY_ID, e.RETIRED_RECEIPT_KEY_IDS.split(',').filter(Boolean)));
  cached = {
    get store() {
      return store();
    },
    get documents() {
      return documents();
    },
    get mailer() {
      return mailer();
    },
    get engine() {
      return engine();
    },
    get linkKeys() {
      return linkKeys();
    },
    get receiptSigner() {
      return receiptSigner();
    },
    clock: systemClock,
    config: {
      publicBaseUrl: e.PUBLIC_BASE_URL,
      linkGraceDays: e.LINK_GRACE_DAYS,
      uploadOrigin: `https://${e.DOCUMENTS_BUCKET}.s3.${e.AWS_REGION}.amazonaws.com`,
      // Always the authorizer in AWS: no environment variable can choose the local development sign-in.
      coordinatorAuth: {
        mode: 'authorizer',
        ...(e.COGNITO_USER_POOL_ID && e.COGNITO_CLIENT_ID && e.COGNITO_DOMAIN
          ? { cognito: { userPoolId: e.COGNITO_USER_POOL_ID, clientId: e.COGNITO_CLIENT_ID, domain: e.COGNITO_DOMAIN } }
          : {}),
      },
    },
  };
  return cached;
}
