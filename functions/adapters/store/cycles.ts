import type { PlannedInstance } from '../../core/calendar.js';
import type { AuditEntry, Cycle, DeliverableInstance, InstanceRecords, LinkRecord, TemplateRef } from '../../core/model.js';
import { keys } from '../table-design.js';
import { auditEntryItem } from './audit.js';
import { auditItem, confirmationItem, cycleItem, decode, instanceItem, itemOf, linkItem, noticeItem, slotMarkItem, submissionItem } from './items.js';
import { builtSummaryItem, summaryUpdate } from './summary.js';
import type { Item, Table } from './table.js';

/** Instances per transaction when a cycle opens: two writes each and the summary's one, within DynamoDB's 100 per transaction. */
const OPEN_BATCH = 49;

/**
 * A cycle year and its deliverable instances, each read with everything stored below it. Every
 * write that changes an instance's status, party or deadline writes the cycle's summary in the
 * same transaction (summary.ts).
 */

export class CycleStore {
  constructor(private readonly table: Table) {}

  /** Creates the cycle year once, with the template it follows and its (empty, built) summary; returns the stored cycle either way. */
  async ensure(cycle: Cycle): Promise<Cycle> {
    // Listed for the reconciler every time, so a cycle opened before the index is listed when reopened.
    await this.table.put(itemOf(keys.yearIndex(cycle.year, cycle.tenantId), 'year-index', { tenantId: cycle.tenantId, year: cycle.year }));
    const created = await this.table.transact([
      { Put: { TableName: this.table.name, Item: itemOf(keys.cycle(cycle.tenantId, cycle.year), 'cycle', cycle), ConditionExpression: 'attribute_not_exists(pk)' } },
      { Put: { TableName: this.table.name, Item: builtSummaryItem(cycle.tenantId, cycle.year), ConditionExpression: 'attribute_not_exists(pk)' } },
    ]);
    if (created) return cycle;
    return (await this.get(cycle.tenantId, cycle.year))!;
  }

  /** The municipalities with a cycle in this year. */
  async tenantsOf(year: number): Promise<string[]> {
    const items = await this.table.queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': keys.yearIndex(year, '').pk } });
    return items.map((i) => String(i.tenantId));
  }

  async get(tenantId: string, year: number): Promise<Cycle | undefined> {
    const item = await this.table.get(keys.cycle(tenantId, year));
    return item ? decode(cycleItem, item) : undefined;
  }

  /** Records a date in the cycle's facts (a meeting date, an event date), keeping the others; returns the cycle as it now is. */
  async recordFact(tenantId: string, year: number, kind: 'meetingDates' | 'eventDates' | 'submittedOn', id: string, date: string): Promise<Cycle> {
    const item = await this.table.update({
      Key: keys.cycle(tenantId, year),
      UpdateExpression: 'SET facts.#kind.#id = :date',
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: { '#kind': kind, '#id': id },
      ExpressionAttributeValues: { ':date': date },
      ReturnValues: 'ALL_NEW',
    });
    return decode(cycleItem, item!);
  }

  /**
   * Gives an open instance new timing (its deadline once a date is known, or a moved deadline) and
   * the next revision, only if nobody changed it since `instance` was read. Returns the new
   * revision, or undefined when the instance was closed or changed meanwhile.
   */
  async setTiming(instance: DeliverableInstance, timing: DeliverableInstance['timing'], meeting?: DeliverableInstance['meeting']): Promise<number | undefined> {
    const applied = await this.table.transact([
      {
        Update: {
          TableName: this.table.name,
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
        },
      },
      summaryUpdate(this.table, instance.tenantId, instance.year, [{ instanceId: instance.instanceId, place: { responsible: instance.responsible, timing } }]),
    ]);
    return applied ? instance.revision + 1 : undefined;
  }

  /**
   * Gives the cycle other template versions, only if it still follows those it was read with
   * (nobody moved it meanwhile); false otherwise. With `pending`, its instances are still to follow
   * (the move's outbox, see template-move); without, they do (an opening, a move completed).
   */
  setTemplates(cycle: Cycle, to: TemplateRef[], pending?: Cycle['pendingMove']): Promise<boolean> {
    return this.table.conditional(() =>
      this.table.update({
        Key: keys.cycle(cycle.tenantId, cycle.year),
        UpdateExpression: `SET templates = :to, templateId = :lead${pending ? ', pendingMove = :pending' : ' REMOVE pendingMove'}`,
        ConditionExpression: cycle.templates ? 'templates = :from' : 'attribute_not_exists(templates)',
        ExpressionAttributeValues: { ':to': to, ':lead': to[0]!.id, ...(cycle.templates ? { ':from': cycle.templates } : {}), ...(pending ? { ':pending': pending } : {}) },
      }),
    );
  }

  /**
   * Gives an open instance what a new template version plans for it. With `revise`, its timing or
   * reminders changed: the next revision, whose execution plans the reminders afresh; without, only
   * what it says changed (title, description, clauses, who is told), under the same revision.
   * Undefined when the instance was closed or changed meanwhile; else its revision.
   */
  async replan(instance: DeliverableInstance, planned: PlannedInstance, revise: boolean): Promise<number | undefined> {
    const next = revise ? instance.revision + 1 : instance.revision;
    const { instanceId: _id, deliverableId: _d, ...fields } = { ...planned, followers: planned.followers ?? [] };
    const names = Object.keys(fields) as (keyof typeof fields)[];
    const removed = (['period', 'meeting', 'progressItems', 'answers', 'signOff'] as const).filter((k) => instance[k] !== undefined && planned[k] === undefined);
    const applied = await this.table.transact([
      {
        Update: {
          TableName: this.table.name,
          Key: keys.instance(instance.tenantId, instance.year, instance.instanceId),
          UpdateExpression: `SET ${names.map((n, i) => `#f${i} = :f${i}`).join(', ')}, revision = :next${removed.length ? ` REMOVE ${removed.map((_, i) => `#r${i}`).join(', ')}` : ''}`,
          ConditionExpression: '#status = :open AND revision = :current',
          ExpressionAttributeNames: {
            '#status': 'status',
            ...Object.fromEntries(names.map((n, i) => [`#f${i}`, n])),
            ...Object.fromEntries(removed.map((n, i) => [`#r${i}`, n])),
          },
          ExpressionAttributeValues: {
            ...Object.fromEntries(names.map((n, i) => [`:f${i}`, fields[n]])),
            ':open': 'open',
            ':current': instance.revision,
            ':next': next,
          },
        },
      },
      summaryUpdate(this.table, instance.tenantId, instance.year, [{ instanceId: instance.instanceId, place: planned }]),
    ]);
    return applied ? next : undefined;
  }

  /** Waives an open instance for the year, with its audit entry, all or nothing; false if it was not open. */
  waive(instance: DeliverableInstance, entry: AuditEntry): Promise<boolean> {
    return this.table.transact([
      {
        Update: {
          TableName: this.table.name,
          Key: keys.instance(instance.tenantId, instance.year, instance.instanceId),
          UpdateExpression: 'SET #status = :waived',
          ConditionExpression: '#status = :open',
          ExpressionAttributeNames: { '#status': 'status' },
          ExpressionAttributeValues: { ':waived': 'vrijgesteld', ':open': 'open' },
        },
      },
      { Put: { TableName: this.table.name, Item: auditEntryItem(instance.tenantId, instance.year, entry) } },
      summaryUpdate(this.table, instance.tenantId, instance.year, [{ instanceId: instance.instanceId, status: 'vrijgesteld' }]),
    ]);
  }

  /** Creates the instance once, with its audit entry; returns false when it already existed (opening twice is harmless). */
  openInstance(instance: DeliverableInstance): Promise<boolean> {
    return this.table.transact(this.openWrites([instance]));
  }

  /**
   * Creates instances not stored yet, fifty (with their audit entries) per transaction; a batch that
   * lost a race with another opening is written one by one. Returns, per instance, whether it was created.
   */
  async openInstances(instances: DeliverableInstance[]): Promise<boolean[]> {
    const created: boolean[] = [];
    for (let at = 0; at < instances.length; at += OPEN_BATCH) {
      const batch = instances.slice(at, at + OPEN_BATCH);
      if (await this.table.transact(this.openWrites(batch))) created.push(...batch.map(() => true));
      else for (const instance of batch) created.push(await this.openInstance(instance));
    }
    return created;
  }

  /** Instances of one cycle year, each with its audit entry, and their rows of the summary. */
  private openWrites(instances: DeliverableInstance[]) {
    const { tenantId, year } = instances[0]!;
    return [
      ...instances.flatMap((instance) => {
        const opened = { instanceId: instance.instanceId, at: instance.openedAt, actor: 'systeem', action: 'geopend', detail: { timing: instance.timing.state } };
        return [
          { Put: { TableName: this.table.name, Item: itemOf(keys.instance(tenantId, year, instance.instanceId), 'instance', instance), ConditionExpression: 'attribute_not_exists(pk)' } },
          { Put: { TableName: this.table.name, Item: auditEntryItem(tenantId, year, opened) } },
        ];
      }),
      summaryUpdate(this.table, tenantId, year, instances.map((i) => ({ instanceId: i.instanceId, status: i.status, place: i }))),
    ];
  }

  async loadInstance(tenantId: string, year: number, instanceId: string): Promise<InstanceRecords | undefined> {
    const base = keys.instance(tenantId, year, instanceId);
    const items = await this.table.queryAll({
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
  async loadYear(tenantId: string, year: number): Promise<{ records: InstanceRecords[]; yearLog: AuditEntry[]; yearLinks: LinkRecord[] }> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :d)',
      ExpressionAttributeValues: { ':pk': keys.cyclePk(tenantId, year), ':d': 'DELIVERABLE#' },
    });
    const byInstance = new Map<string, Item[]>();
    for (const item of items) {
      const id = item.sk.split('#')[1]!;
      byInstance.set(id, [...(byInstance.get(id) ?? []), item]);
    }
    const groups = [...byInstance.values()];
    const pseudo = groups.filter((g) => !g.some((i) => i.type === 'instance')).flat();
    return {
      records: groups.map(groupInstance).filter((r): r is InstanceRecords => r !== undefined),
      yearLog: pseudo.filter((i) => i.type === 'audit').map((i) => decode(auditItem, i)),
      // The links under a pseudo-instance (a party's calendar feed).
      yearLinks: pseudo.filter((i) => i.type === 'link').map((i) => decode(linkItem, i)),
    };
  }
}

function groupInstance(items: Item[]): InstanceRecords | undefined {
  const instance = items.find((i) => i.type === 'instance');
  if (!instance) return undefined;
  const of = (type: string) => items.filter((i) => i.type === type);
  return {
    instance: decode(instanceItem, instance) as unknown as DeliverableInstance,
    notices: of('notice').map((i) => decode(noticeItem, i)),
    slotMarks: of('slot').map((i) => decode(slotMarkItem, i)),
    links: of('link').map((i) => decode(linkItem, i)),
    submissions: of('submission').map((i) => decode(submissionItem, i)),
    confirmations: of('confirmation').map((i) => decode(confirmationItem, i)),
    audit: of('audit').map((i) => decode(auditItem, i)),
  };
}
