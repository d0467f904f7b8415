import { z } from 'zod';
import type { DeliverableInstance, NoticeClaim, Submission } from '../../core/model.js';
import { keys } from '../table-design.js';
import { decode, instanceItem, noticeItem, submissionItem } from './items.js';
import type { Item, Table } from './table.js';

/** What the status API shows of an instance: the instance's own fields, its notices and its versions, and nothing else. */
export interface StatusRecords {
  instance: Pick<DeliverableInstance, 'instanceId' | 'deliverableId' | 'title' | 'kind' | 'clauses' | 'responsible' | 'timing' | 'status' | 'period' | 'meeting' | 'signOff' | 'reminders' | 'revision'>;
  notices: Pick<NoticeClaim, 'slotId' | 'partyId' | 'contactId' | 'state' | 'sentAt'>[];
  submissions: (Pick<Submission, 'version' | 'submittedAt' | 'late' | 'partyId' | 'contactId' | 'fields'> & { receipt: Pick<Submission['receipt'], 'contentSha256' | 'keyId'> })[];
}

const shownInstance = instanceItem.pick({ instanceId: true, deliverableId: true, title: true, kind: true, responsible: true, status: true, revision: true, timing: true }).loose();
const shownNotice = noticeItem.pick({ slotId: true, partyId: true, contactId: true, state: true, sentAt: true });
const shownSubmission = submissionItem.pick({ version: true, submittedAt: true, late: true, partyId: true, contactId: true, fields: true }).extend({ receipt: z.object({ contentSha256: z.string(), keyId: z.string() }) });

/** The attributes the status API shows (each item type has its own), and the keys and type to group and decode them. */
const SHOWN = ['pk', 'sk', 'type', 'v', 'instanceId', 'deliverableId', 'title', 'kind', 'clauses', 'responsible', 'timing', 'status', 'period', 'meeting', 'signOff', 'reminders', 'revision', 'slotId', 'partyId', 'contactId', 'state', 'sentAt', 'version', 'submittedAt', 'late', 'fields', 'receipt.contentSha256', 'receipt.keyId'];
/** Every name through a placeholder: several are DynamoDB reserved words. */
const names = [...new Set(SHOWN.flatMap((path) => path.split('.')))];
const placeholder = (name: string) => `#a${names.indexOf(name)}`;
const projection = SHOWN.map((path) => path.split('.').map(placeholder).join('.')).join(', ');

/**
 * The coordinator's status of a cycle year: one Query of the cycle's partition that returns only
 * instances, notices and submissions (the audit trail, links, slot marks, form keys and
 * confirmations are not shown), and of those only the attributes shown. DynamoDB still counts
 * the whole partition's items as read (a filter and a projection act after the read); what it
 * saves is the transfer, the decoding and the function's memory.
 */
export class StatusStore {
  constructor(private readonly table: Table) {}

  async load(tenantId: string, year: number): Promise<StatusRecords[]> {
    const items = await this.table.queryAll({
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :d)',
      FilterExpression: `${placeholder('type')} IN (:instance, :notice, :submission)`,
      ProjectionExpression: projection,
      ExpressionAttributeNames: Object.fromEntries(names.map((n) => [placeholder(n), n])),
      ExpressionAttributeValues: { ':pk': keys.cyclePk(tenantId, year), ':d': 'DELIVERABLE#', ':instance': 'instance', ':notice': 'notice', ':submission': 'submission' },
    });
    const byInstance = new Map<string, Item[]>();
    for (const item of items) {
      const id = item.sk.split('#')[1]!;
      byInstance.set(id, [...(byInstance.get(id) ?? []), item]);
    }
    return [...byInstance.values()].flatMap((group) => {
      const instance = group.find((i) => i.type === 'instance');
      if (!instance) return [];
      return [
        {
          instance: decode(shownInstance, instance) as unknown as StatusRecords['instance'],
          notices: group.filter((i) => i.type === 'notice').map((i) => decode(shownNotice, i)),
          submissions: group.filter((i) => i.type === 'submission').map((i) => decode(shownSubmission, i)),
        },
      ];
    });
  }
}
