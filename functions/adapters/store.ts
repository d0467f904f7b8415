import { randomUUID } from 'node:crypto';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  DeleteCommand,
  type QueryCommandInput,
} from '@aws-sdk/lib-dynamodb';
import type { CycleTemplate } from '../core/template.js';
import type {
  AuditEntry,
  Contact,
  Cycle,
  DeliverableInstance,
  LinkRecord,
  NoticeClaim,
  Party,
  Submission,
  Tenant,
  InstanceRecords,
} from '../core/model.js';
import { keys } from './table-design.js';

/** A conditional write lost a race: someone else wrote first. */
export class ConflictError extends Error {
  override name = 'ConflictError';
}

export type { InstanceRecords } from '../core/model.js';

type Item = Record<string, unknown> & { pk: string; sk: string; type: string };

function strip<T>(item: Record<string, unknown>): T {
  const { pk: _pk, sk: _sk, type: _type, ...rest } = item;
  return rest as T;
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

/** The DynamoDB store: every read and write of the single table goes through here. */
export class Store {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {}

  // --- directory: tenants, parties, contacts -------------------------------------------------

  async putTenant(tenant: Tenant): Promise<void> {
    await this.put({ ...keys.tenant(tenant.tenantId), type: 'tenant', ...tenant });
  }

  async getTenant(tenantId: string): Promise<Tenant | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.tenant(tenantId) }));
    return out.Item ? strip<Tenant>(out.Item) : undefined;
  }

  async putParty(party: Party): Promise<void> {
    await this.put({ ...keys.party(party.tenantId, party.partyId), type: 'party', ...party });
  }

  async putContact(contact: Contact): Promise<void> {
    await this.put({ ...keys.contact(contact.tenantId, contact.partyId, contact.contactId), type: 'contact', ...contact });
  }

  /** The tenant with its parties and contacts, from one query of its partition. */
  async directory(tenantId: string): Promise<{ tenant?: Tenant; parties: Party[]; contacts: Contact[] }> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': keys.tenant(tenantId).pk },
    });
    const tenant = items.find((i) => i.type === 'tenant');
    return {
      ...(tenant ? { tenant: strip<Tenant>(tenant) } : {}),
      parties: items.filter((i) => i.type === 'party').map((i) => strip<Party>(i)),
      contacts: items.filter((i) => i.type === 'contact').map((i) => strip<Contact>(i)),
    };
  }

  /** Marks a contact's address as bounced (from SES's notification); false when the contact is unknown. */
  async recordBounce(tenantId: string, partyId: string, contactId: string, bounce: NonNullable<Contact['bounce']>): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.contact(tenantId, partyId, contactId),
          UpdateExpression: 'SET bounce = :bounce',
          ConditionExpression: 'attribute_exists(pk)',
          ExpressionAttributeValues: { ':bounce': bounce },
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async getContact(tenantId: string, partyId: string, contactId: string): Promise<Contact | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.contact(tenantId, partyId, contactId) }),
    );
    return out.Item ? strip<Contact>(out.Item) : undefined;
  }

  // --- templates and cycles --------------------------------------------------------------------

  /** The tenant's cycle template, validated before it is stored; kept with its YAML text. */
  async putTemplate(tenantId: string, template: CycleTemplate, yaml: string): Promise<void> {
    await this.put({ ...keys.template(tenantId), type: 'template', tenantId, templateId: template.id, template, yaml });
  }

  async getTemplate(tenantId: string): Promise<{ template: CycleTemplate; yaml: string } | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tableName, Key: keys.template(tenantId), ConsistentRead: true }));
    return out.Item ? { template: out.Item.template as CycleTemplate, yaml: out.Item.yaml as string } : undefined;
  }

  /** Creates the cycle year once, with the template it follows; returns the stored cycle either way. */
  async ensureCycle(cycle: Cycle): Promise<Cycle> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.cycle(cycle.tenantId, cycle.year), type: 'cycle', ...cycle },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return cycle;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return (await this.getCycle(cycle.tenantId, cycle.year))!;
    }
  }

  async getCycle(tenantId: string, year: number): Promise<Cycle | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.cycle(tenantId, year), ConsistentRead: true }),
    );
    return out.Item ? strip<Cycle>(out.Item) : undefined;
  }

  /** Records a date in the cycle's facts (a meeting date, an event date), keeping the others; returns the cycle as it now is. */
  async recordFact(tenantId: string, year: number, kind: 'meetingDates' | 'eventDates' | 'submittedOn', id: string, date: string): Promise<Cycle> {
    const out = await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.cycle(tenantId, year),
        UpdateExpression: 'SET facts.#kind.#id = :date',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: { '#kind': kind, '#id': id },
        ExpressionAttributeValues: { ':date': date },
        ReturnValues: 'ALL_NEW',
      }),
    );
    return strip<Cycle>(out.Attributes!);
  }

  /**
   * Gives an open instance new timing (its deadline once a date is known, or a moved deadline) and
   * the next revision, only if nobody changed it since `instance` was read. Returns the new
   * revision, or undefined when the instance was closed or changed meanwhile.
   */
  async setTiming(
    instance: DeliverableInstance,
    timing: DeliverableInstance['timing'],
    meeting?: DeliverableInstance['meeting'],
  ): Promise<number | undefined> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: keys.instance(instance.tenantId, instance.year, instance.instanceId),
          UpdateExpression: `SET timing = :timing, revision = :next${meeting ? ', meeting = :meeting' : ''}`,
          ConditionExpression: '#status = :open AND revision = :current',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: {
            ':timing': timing,
            ':open': 'open',
            ':current': instance.revision,
            ':next': instance.revision + 1,
            ...(meeting ? { ':meeting': meeting } : {}),
          },
        }),
      );
      return instance.revision + 1;
    } catch (error) {
      if (isConditionFailure(error)) return undefined;
      throw error;
    }
  }

  // --- instances -------------------------------------------------------------------------------

  /** Waives an open instance for the year, with its audit entry, all or nothing; false if it was not open. */
  async waive(instance: DeliverableInstance, entry: AuditEntry): Promise<boolean> {
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: this.tableName,
                Key: keys.instance(instance.tenantId, instance.year, instance.instanceId),
                UpdateExpression: 'SET #status = :waived',
                ConditionExpression: '#status = :open',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: { ':waived': 'vrijgesteld', ':open': 'open' },
              },
            },
            { Put: { TableName: this.tableName, Item: this.auditItem({ tenantId: instance.tenantId, year: instance.year, entry }) } },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  /** Creates the instance once; returns false when it already existed (opening twice is harmless). */
  async openInstance(instance: DeliverableInstance): Promise<boolean> {
    const { tenantId, year, instanceId } = instance;
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.instance(tenantId, year, instanceId), type: 'instance', ...instance },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: this.auditItem({
                  tenantId,
                  year,
                  entry: { instanceId, at: instance.openedAt, actor: 'systeem', action: 'geopend', detail: { timing: instance.timing.state } },
                }),
              },
            },
          ],
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async loadInstance(tenantId: string, year: number, instanceId: string): Promise<InstanceRecords | undefined> {
    const base = keys.instance(tenantId, year, instanceId);
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
      ExpressionAttributeValues: { ':pk': base.pk, ':from': base.sk, ':to': `${base.sk}#~` },
    });
    return groupInstance(items);
  }

  /** The whole cycle year in one query: the coordinator's status. */
  async loadCycle(tenantId: string, year: number): Promise<InstanceRecords[]> {
    return (await this.loadYear(tenantId, year)).records;
  }

  /**
   * The whole cycle year in one query, with the audit entries about the year as a whole (those
   * under a pseudo-instance such as `_cyclus`, which has no instance item of its own).
   */
  async loadYear(tenantId: string, year: number): Promise<{ records: InstanceRecords[]; yearLog: AuditEntry[] }> {
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :d)',
      ExpressionAttributeValues: { ':pk': keys.cyclePk(tenantId, year), ':d': 'DELIVERABLE#' },
    });
    const byInstance = new Map<string, Item[]>();
    for (const item of items) {
      const id = item.sk.split('#')[1]!;
      byInstance.set(id, [...(byInstance.get(id) ?? []), item]);
    }
    const groups = [...byInstance.values()];
    return {
      records: groups.map(groupInstance).filter((r): r is InstanceRecords => r !== undefined),
      yearLog: groups
        .filter((g) => !g.some((i) => i.type === 'instance'))
        .flat()
        .filter((i) => i.type === 'audit')
        .map((i) => strip<AuditEntry>(i)),
    };
  }

  // --- notices ---------------------------------------------------------------------------------

  /** Claims a notice for one recipient before it is sent; false when it was claimed before. */
  async claimNotice(tenantId: string, year: number, claim: NoticeClaim): Promise<boolean> {
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...keys.notice(tenantId, year, claim.instanceId, claim.slotId, claim.contactId), type: 'notice', ...claim },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (error) {
      if (isConditionFailure(error)) return false;
      throw error;
    }
  }

  async markNoticeSent(tenantId: string, year: number, claim: NoticeClaim, sentAt: Date, messageId: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.notice(tenantId, year, claim.instanceId, claim.slotId, claim.contactId),
        UpdateExpression: 'SET #state = :sent, sentAt = :at, messageId = :m',
        ConditionExpression: 'attemptId = :attempt',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':sent': 'sent', ':at': sentAt.toISOString(), ':m': messageId, ':attempt': claim.attemptId },
      }),
    );
  }

  /** Gives a claim back after SES refused the mail, so the retried task may send it. */
  async releaseNotice(tenantId: string, year: number, claim: NoticeClaim): Promise<void> {
    await this.db.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: keys.notice(tenantId, year, claim.instanceId, claim.slotId, claim.contactId),
        ConditionExpression: 'attemptId = :attempt AND #state = :sending',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: { ':attempt': claim.attemptId, ':sending': 'sending' },
      }),
    );
  }

  // --- links -----------------------------------------------------------------------------------

  async putLink(tenantId: string, year: number, link: LinkRecord): Promise<void> {
    await this.db.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { ...keys.link(tenantId, year, link.instanceId, link.linkId), type: 'link', ...link },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
  }

  /** The link records under an instance (or under a pseudo-instance such as a calendar). */
  async linksOf(tenantId: string, year: number, instanceId: string): Promise<LinkRecord[]> {
    const base = keys.instance(tenantId, year, instanceId);
    const items = await this.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :links)',
      ExpressionAttributeValues: { ':pk': base.pk, ':links': `${base.sk}#LINK#` },
    });
    return items.map((i) => strip<LinkRecord>(i));
  }

  async getLink(tenantId: string, year: number, instanceId: string, linkId: string): Promise<LinkRecord | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.link(tenantId, year, instanceId, linkId), ConsistentRead: true }),
    );
    return out.Item ? strip<LinkRecord>(out.Item) : undefined;
  }

  async revokeLink(tenantId: string, year: number, instanceId: string, linkId: string, at: Date): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: keys.link(tenantId, year, instanceId, linkId),
        UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeValues: { ':at': at.toISOString() },
      }),
    );
  }

  // --- submissions -----------------------------------------------------------------------------

  /**
   * Stores a submission as the next version, all or nothing: the submission (never overwritten),
   * the instance's new status and count (only if nobody submitted in between), the form's
   * idempotency marker and an audit entry.
   */
  async recordSubmission(submission: Submission, formKey: string, previousCount: number): Promise<void> {
    const { tenantId, year, instanceId, version } = submission;
    try {
      await this.db.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.submission(tenantId, year, instanceId, version), type: 'submission', ...submission },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: { ...keys.form(tenantId, year, instanceId, formKey), type: 'form', version },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
            {
              Update: {
                TableName: this.tableName,
                Key: keys.instance(tenantId, year, instanceId),
                UpdateExpression: 'SET submissionCount = :next, #status = :status',
                ConditionExpression: 'submissionCount = :prev AND #status <> :waived',
                ExpressionAttributeNames: { '#status': 'status' },
                ExpressionAttributeValues: {
                  ':next': version,
                  ':prev': previousCount,
                  ':status': submission.late ? 'te-laat-ingediend' : 'ingediend',
                  ':waived': 'vrijgesteld',
                },
              },
            },
            {
              Put: {
                TableName: this.tableName,
                Item: this.auditItem({
                  tenantId,
                  year,
                  entry: {
                    instanceId,
                    at: submission.submittedAt,
                    actor: `contact:${submission.partyId}/${submission.contactId}`,
                    action: 'ingediend',
                    detail: { version, late: submission.late, sha256: submission.receipt.contentSha256 },
                  },
                }),
              },
            },
          ],
        }),
      );
    } catch (error) {
      if (isConditionFailure(error)) throw new ConflictError('submission raced another write');
      throw error;
    }
  }

  /** The version a form key already produced, if any (a double click or a retried POST). */
  async formVersion(tenantId: string, year: number, instanceId: string, formKey: string): Promise<number | undefined> {
    const out = await this.db.send(
      new GetCommand({ TableName: this.tableName, Key: keys.form(tenantId, year, instanceId, formKey), ConsistentRead: true }),
    );
    return out.Item ? (out.Item.version as number) : undefined;
  }

  /** Appends an immutable audit entry under a cycle's instance. */
  async appendAudit(tenantId: string, year: number, entry: AuditEntry): Promise<void> {
    await this.db.send(
      new PutCommand({ TableName: this.tableName, Item: this.auditItem({ tenantId, year, entry }), ConditionExpression: 'attribute_not_exists(pk)' }),
    );
  }

  // --- helpers ---------------------------------------------------------------------------------

  private auditItem(input: { tenantId: string; year: number; entry: AuditEntry }): Item {
    const { tenantId, year, entry } = input;
    return { ...keys.audit(tenantId, year, entry.instanceId, new Date(entry.at), randomUUID()), type: 'audit', ...entry };
  }

  private async put(item: Item): Promise<void> {
    await this.db.send(new PutCommand({ TableName: this.tableName, Item: item }));
  }

  private async queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Item[]> {
    const items: Item[] = [];
    let start: Record<string, unknown> | undefined;
    do {
      const out = await this.db.send(
        new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: start, ConsistentRead: true }),
      );
      items.push(...((out.Items ?? []) as Item[]));
      start = out.LastEvaluatedKey;
    } while (start);
    return items;
  }
}

function groupInstance(items: Item[]): InstanceRecords | undefined {
  const instanceItem = items.find((i) => i.type === 'instance');
  if (!instanceItem) return undefined;
  const of = <T>(type: string) => items.filter((i) => i.type === type).map((i) => strip<T>(i));
  return {
    instance: strip<DeliverableInstance>(instanceItem),
    notices: of<NoticeClaim>('notice'),
    links: of<LinkRecord>('link'),
    submissions: of<Submission>('submission'),
    audit: of<AuditEntry>('audit'),
  };
}
