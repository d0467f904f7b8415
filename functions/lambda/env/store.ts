import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { z } from 'zod';
import { documentClient } from '../../adapters/deps.js';
import { Store } from '../../adapters/store/index.js';
import { tracer } from '../../adapters/tracer.js';
import { readEnv } from './read.js';

/** The table, from `TABLE_NAME`. */
export function storeFromEnv(fn: string): Store {
  const { TABLE_NAME } = readEnv(fn, z.object({ TABLE_NAME: z.string().min(3) }));
  return new Store(documentClient(tracer.captureAWSv3Client(new DynamoDBClient({}))), TABLE_NAME);
}
