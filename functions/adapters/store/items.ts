import { z } from 'zod';
import type { Item } from './table.js';

/**
 * The version of every entity's stored shape, written as `v` on each item. An item without `v`
 * was written before versions existed, in the shape of version 1. Raise it when a shape changes,
 * and teach `decode` to read the older one.
 */
export const ENTITY_VERSION = 1;

/** An item this code cannot read: written by newer code, or damaged. Names the item and the field, never its values. */
export class StoredItemError extends Error {
  override name = 'StoredItemError';
}

/** The item to store: the entity, its keys, its type and the current entity version. */
export function itemOf(key: { pk: string; sk: string }, type: string, entity: object): Item {
  return { ...key, type, v: ENTITY_VERSION, ...entity };
}

/**
 * An item as read, checked against its entity's schema: a year-old item written by older code is
 * read as what it is, an item from newer code or a damaged one is refused with a clear message.
 */
export function decode<S extends z.ZodType>(schema: S, item: Item): z.infer<S> {
  const { pk, sk, type, v = 1, ...entity } = item;
  if (typeof v !== 'number' || v > ENTITY_VERSION) {
    throw new StoredItemError(`${type} ${pk} ${sk} has entity version ${String(v)}; this code reads up to ${ENTITY_VERSION}: deploy the newer code`);
  }
  const parsed = schema.safeParse(entity);
  if (!parsed.success) {
    const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(item)'}: ${i.code}`).join('; ');
    throw new StoredItemError(`${type} ${pk} ${sk} does not match its schema (${where})`);
  }
  return parsed.data;
}

const instant = z.string().min(1);

/** senderName, replyTo and timeZone came later: an older tenant item without them is read as it is. */
export const tenantItem = z.object({
  tenantId: z.string(),
  name: z.string(),
  senderName: z.string().optional(),
  replyTo: z.string().optional(),
  timeZone: z.string().optional(),
  opensNextYearOn: z.object({ month: z.number().int(), day: z.number().int() }).optional(),
});
export const partyItem = z.object({ tenantId: z.string(), partyId: z.string(), name: z.string(), role: z.enum(['gemeente', 'corporatie', 'huurdersorganisatie']) });
export const contactItem = z.object({
  tenantId: z.string(),
  partyId: z.string(),
  contactId: z.string(),
  name: z.string(),
  email: z.string(),
  active: z.boolean(),
  coordinator: z.boolean(),
  bounce: z.object({ at: instant, type: z.string() }).optional(),
});

const dateMap = z.record(z.string(), z.string());
const templateRef = z.object({ id: z.string(), version: z.number().int() });
export const cycleItem = z.object({
  tenantId: z.string(),
  year: z.number().int(),
  templateId: z.string(),
  templates: z.array(templateRef).optional(),
  pendingMove: z.object({ from: z.array(templateRef), by: z.string(), at: instant }).optional(),
  openedAt: instant,
  facts: z.object({ meetingDates: dateMap, eventDates: dateMap, submittedOn: dateMap }),
});

const timing = z.discriminatedUnion('state', [
  z.object({ state: z.literal('dated'), lastDay: z.string(), lateFrom: instant, shiftedFrom: z.string().optional() }),
  z.object({ state: z.literal('waiting'), waitingFor: z.object({ kind: z.enum(['event', 'meeting', 'deliverable']), id: z.string(), title: z.string() }) }),
  z.object({ state: z.literal('open-item'), window: z.object({ from: z.string(), to: z.string() }), note: z.string() }),
]);

/**
 * The instance's own state is checked field by field; what it copied from the template (title,
 * clauses, reminders, …) was validated with the template when the cycle opened and is kept as stored.
 */
export const instanceItem = z.looseObject({
  tenantId: z.string(),
  year: z.number().int(),
  instanceId: z.string(),
  deliverableId: z.string(),
  title: z.string(),
  kind: z.string(),
  responsible: z.string(),
  inform: z.array(z.string()),
  status: z.enum(['open', 'ingediend', 'te-laat-ingediend', 'vrijgesteld']),
  submissionCount: z.number().int().min(0),
  openedAt: instant,
  revision: z.number().int().min(0).default(0),
  timing,
});

export const noticeItem = z.object({
  instanceId: z.string(),
  slotId: z.string(),
  contactId: z.string(),
  partyId: z.string(),
  state: z.enum(['sending', 'sent', 'merged', 'refused']),
  attemptId: z.string(),
  claimedAt: instant,
  leaseUntil: instant.optional(),
  takeovers: z.number().int().min(0).optional(),
  sentAt: instant.optional(),
  messageId: z.string().optional(),
  mergedInto: z.string().optional(),
  refusal: z.string().optional(),
});

export const slotMarkItem = z.object({ slotId: z.string(), at: instant, recipients: z.number().int().min(0) });

export const linkItem = z.object({
  instanceId: z.string(),
  linkId: z.string(),
  partyId: z.string(),
  contactId: z.string(),
  purpose: z.literal('read').optional(),
  createdAt: instant,
  expiresAt: instant,
  revokedAt: instant.optional(),
});

export const confirmationItem = z.object({ instanceId: z.string(), version: z.number().int().min(1), partyId: z.string(), contactId: z.string(), at: instant });

export const forwardItem = z.object({ instanceId: z.string(), version: z.number().int().min(1), storedAt: instant });

export const submissionItem = z.object({
  tenantId: z.string(),
  year: z.number().int(),
  instanceId: z.string(),
  version: z.number().int().min(1),
  submittedAt: instant,
  late: z.boolean(),
  partyId: z.string(),
  contactId: z.string(),
  linkId: z.string(),
  fields: z.record(z.string(), z.string()),
  attachment: z.object({ key: z.string(), fileName: z.string(), sizeBytes: z.number(), sha256: z.string() }).optional(),
  receipt: z.object({ contentSha256: z.string(), signature: z.string(), signatureAlgorithm: z.literal('ECDSA_SHA_256'), keyId: z.string() }),
});

export const formItem = z.object({ version: z.number().int().min(1) });

export const auditItem = z.object({
  instanceId: z.string(),
  at: instant,
  actor: z.string(),
  action: z.string(),
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])),
});
