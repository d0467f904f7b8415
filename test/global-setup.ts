import { rmSync } from 'node:fs';
import type { TestProject } from 'vitest/node';
import { startDynamoDbLocal } from '../infra/local/dynamodb.js';

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}

/** One DynamoDB Local (in memory) for the whole run; every test file creates its own table in it. */
export default async function setup(project: TestProject) {
  // A fresh report each run: no screenshot or axe result of an earlier run can pass for this one.
  rmSync(new URL('../test-results/', import.meta.url).pathname, { recursive: true, force: true });
  const dynamo = await startDynamoDbLocal();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => {
    await dynamo.stop();
  };
}
