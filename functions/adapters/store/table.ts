import { QueryCommand as AttributeQueryCommand, type AttributeValue, type QueryCommandInput as AttributeQueryInput } from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type DeleteCommandInput,
  type QueryCommandInput,
  type TransactWriteCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';

/** An item as stored: its keys, its entity type and the version of that entity's shape. */
export type Item = Record<string, unknown> & { pk: string; sk: string; type: string; v?: number };

/** A conditional write lost a race: someone else wrote first. */
export class ConflictError extends Error {
  override name = 'ConflictError';
}

function isConditionFailure(error: unknown): boolean {
  const name = (error as { name?: string }).name;
  if (name === 'ConditionalCheckFailedException') return true;
  if (name === 'TransactionCanceledException') {
    const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
    return reasons.some((r) => r.Code === 'ConditionalCheckFailed');
  }
  return false;
}

/**
 * Another transaction held one of the items (TransactionConflict) and no condition failed: nothing
 * was written, and trying again is safe. Every change of a cycle writes its summary, so two changes
 * of one cycle at the same moment meet there.
 */
function isTransactionConflict(error: unknown): boolean {
  if ((error as { name?: string }).name !== 'TransactionCanceledException') return false;
  const codes = ((error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? []).map((r) => r.Code);
  return codes.includes('TransactionConflict') && !codes.includes('ConditionalCheckFailed');
}

/** Attempts of a transaction that met another one, with jittered waits from 20 ms. */
const CONFLICT_ATTEMPTS = 6;

/** The one table, and the few ways it is read and written; every aggregate's store goes through here. */
export class Table {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    readonly name: string,
  ) {}

  async get(key: { pk: string; sk: string }): Promise<Item | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.name, Key: key, ConsistentRead: true }));
    return out.Item as Item | undefined;
  }

  async put(item: Item): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.name, Item: item }));
  }

  /**
   * The one conditional write: true when it was applied, false when its condition failed (the item
   * existed, someone changed it first). Any other failure is thrown as it came.
   */
  async conditional(write: () => Promise<unknown>): Promise<boolean> {
    try {
      await write();
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** An update of one item; returns the item as it now is when asked (`ReturnValues`). */
  async update(input: Omit<UpdateCommandInput, 'TableName'>): Promise<Item | undefined> {
    const out = await this.db.send(new UpdateCommand({ ...input, TableName: this.name }));
    return out.Attributes as Item | undefined;
  }

  async delete(input: Omit<DeleteCommandInput, 'TableName'>): Promise<void> {
    await this.db.send(new DeleteCommand({ ...input, TableName: this.name }));
  }

  /** Writes all items or none; false when a condition failed. Tried again while it only met another transaction. */
  transact(items: NonNullable<TransactWriteCommandInput['TransactItems']>): Promise<boolean> {
    return this.conditional(async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.db.send(new TransactWriteCommand({ TransactItems: items }));
        } catch (error) {
          if (attempt >= CONFLICT_ATTEMPTS || !isTransactionConflict(error)) throw error;
          await new Promise((resolve) => setTimeout(resolve, 20 * 2 ** attempt * Math.random()));
        }
      }
    });
  }

  /** Puts an item only if it does not exist yet; false when it did. */
  create(item: Item): Promise<boolean> {
    return this.conditional(() => this.db.send(new PutCommand({ TableName: this.name, Item: item, ConditionExpression: 'attribute_not_exists(pk)' })));
  }

  async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(new QueryCommand({ ...input, TableName: this.name, ExclusiveStartKey: start, ConsistentRead: true }));
      items.push(...((out.Items ?? []) as Item[]));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }

  /**
   * Like queryAll, but the items as DynamoDB sends them (attribute values, not unmarshalled into
   * plain values): for an item whose many attributes are read on every request, where the
   * unmarshalling of each one counts (the cycle's summary).
   */
  async queryAttributes(input: Omit<AttributeQueryInput, 'TableName'>): Promise<Record<string, AttributeValue>[]> {
    const items: Record<string, AttributeValue>[] = [];
    let start: Record<string, AttributeValue> | undefined;
    do {
      const out = await this.db.send(new AttributeQueryCommand({ ...input, TableName: this.name, ExclusiveStartKey: start, ConsistentRead: true }));
      items.push(...(out.Items ?? []));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }
}
