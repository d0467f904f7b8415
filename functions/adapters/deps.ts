import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { MacKeyring } from '../core/link-token.js';
import type { ReceiptSigner } from '../core/receipt.js';
import type { AppConfig } from './app-config.js';
import type { Clock } from './clock.js';
import type { DocumentStore } from './documents.js';
import type { WorkflowEngine } from './engine.js';
import type { Mailer } from './mailer.js';
import type { Store } from './store/index.js';

/**
 * Everything a handler may need. Each Lambda entry (functions/lambda/) builds only what its handler
 * uses, from its own environment; the local cloud builds all of it against the local parts.
 */
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

/** What one handler uses: the named dependencies and, of the configuration, only the parts it reads. */
export type Uses<K extends Exclude<keyof Deps, 'config'>, C extends keyof AppConfig = never> = Pick<Deps, K> &
  ([C] extends [never] ? unknown : { config: Pick<AppConfig, C> });

/**
 * The document client over a DynamoDB client. The app gives the SDK no logger (it logs through
 * Powertools), so the SDK's logger middleware would only copy every command's input and output,
 * attribute by attribute, to filter it for a logger that drops it: it is taken off the stack.
 */
export function documentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  client.middlewareStack.remove('loggerMiddleware');
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
