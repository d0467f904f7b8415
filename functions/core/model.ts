import type { CycleFacts, PlannedInstance } from './calendar.js';
import type { Attachment } from './attachment.js';
import type { Receipt } from './receipt.js';
import type { DeliverableKind } from './template.js';

export type PartyRole = 'gemeente' | 'corporatie' | 'huurdersorganisatie';

export interface Tenant {
  tenantId: string;
  name: string;
  /** The display name on its mail ("Prestatieafspraken Leusden"); absent: the deployment's sender. */
  senderName?: string;
  /** The Reply-To of its mail (the coordinator's address), so replies reach a person. */
  replyTo?: string;
  /** IANA time zone, e.g. Europe/Amsterdam; absent: Europe/Amsterdam. */
  timeZone?: string;
  /** The day each year on which next year's cycle opens by itself (see year-turn); absent: opened by hand. */
  opensNextYearOn?: { month: number; day: number };
}

export interface Party {
  tenantId: string;
  partyId: string;
  name: string;
  role: PartyRole;
}

export interface Contact {
  tenantId: string;
  partyId: string;
  contactId: string;
  name: string;
  email: string;
  active: boolean;
  /** Coordinators receive escalations and steer the cycle. */
  coordinator: boolean;
  /** Set when mail to this address bounced or drew a complaint (SES notification); cleared when the address changes. */
  bounce?: { at: string; /** SES's bounceType (Permanent, Transient, Undetermined), or Klacht for a complaint. */ type: string };
}

/** A version of a template, as a cycle names it. */
export interface TemplateRef {
  id: string;
  version: number;
}

/** A cycle year of a tenant: the templates it follows and the dates recorded so far. */
export interface Cycle {
  tenantId: string;
  year: number;
  /** The leading template (see composeTemplates). */
  templateId: string;
  /** The template versions the cycle was opened with, or moved to since; absent on cycles opened before versions. */
  templates?: TemplateRef[];
  /** Set when the cycle was moved to other versions and its instances do not all follow yet (see template-move). */
  pendingMove?: { from: TemplateRef[]; by: string; at: string };
  openedAt: string;
  facts: Required<CycleFacts>;
}

/** Stored status; "gepland", "binnenkort" and "te laat" are derived from the clock and the timing. */
export type StoredStatus = 'open' | 'ingediend' | 'te-laat-ingediend' | 'vrijgesteld';
export type ShownStatus = StoredStatus | 'gepland' | 'binnenkort' | 'te-laat';

/** A deliverable instance of one cycle year, as stored: what the template planned plus its state. */
export interface DeliverableInstance extends PlannedInstance {
  tenantId: string;
  year: number;
  status: StoredStatus;
  submissionCount: number;
  openedAt: string;
  /** Goes up each time the timing changes (a date recorded, a deadline moved). */
  revision: number;
}

/**
 * One entry of the notice ledger: a slot's notice to one recipient (party and contact). `sending`
 * while an attempt holds it (until `leaseUntil`); `sent` once SES took it; `merged` when a later
 * notice to the same recipient said what this one would have (after an outage or a late opening);
 * `refused` when SES refused the address for good (the contact is marked, the coordinator sees it).
 */
export interface NoticeClaim {
  instanceId: string;
  slotId: string;
  contactId: string;
  partyId: string;
  state: 'sending' | 'sent' | 'merged' | 'refused';
  attemptId: string;
  claimedAt: string;
  /** Until when the attempt holds a `sending` claim; after it, another attempt may take it over. Absent on claims written before leases. */
  leaseUntil?: string;
  /** How often a crashed attempt's claim was taken over: each time the mail may have gone out twice. */
  takeovers?: number;
  sentAt?: string;
  messageId?: string;
  /** For `merged`: the slot whose notice carried this one. */
  mergedInto?: string;
  /** For `refused`: SES's error name. */
  refusal?: string;
}

/** A slot the ledger is done with: every recipient's notice is sent, merged or refused. */
export interface SlotMark {
  slotId: string;
  at: string;
  recipients: number;
}

export interface LinkRecord {
  instanceId: string;
  linkId: string;
  /** What the link opens; absent on submission links (and on those written before read links). */
  purpose?: 'read';
  partyId: string;
  contactId: string;
  createdAt: string;
  expiresAt: string;
  revokedAt?: string;
}

export interface Submission {
  tenantId: string;
  year: number;
  instanceId: string;
  version: number;
  submittedAt: string;
  late: boolean;
  partyId: string;
  contactId: string;
  linkId: string;
  fields: Record<string, string>;
  /** The PDF that came with it; its SHA-256 is part of what the receipt signs. */
  attachment?: Attachment;
  receipt: Receipt;
}

/** A recipient's confirmation that a version reached them: written once, never changed. */
export interface Confirmation {
  instanceId: string;
  version: number;
  partyId: string;
  contactId: string;
  at: string;
}

export interface AuditEntry {
  instanceId: string;
  at: string;
  actor: string;
  action: string;
  detail: Record<string, string | number | boolean>;
}

/** Days before the deadline from which a dated instance shows as "binnenkort". */
export const SOON_DAYS = 14;

export function shownStatus(instance: Pick<DeliverableInstance, 'status' | 'timing'>, now: Date): ShownStatus {
  if (instance.status !== 'open') return instance.status;
  const timing = instance.timing;
  if (timing.state !== 'dated') return 'gepland';
  const late = Date.parse(timing.lateFrom);
  if (now.getTime() >= late) return 'te-laat';
  if (now.getTime() >= late - SOON_DAYS * 86_400_000) return 'binnenkort';
  return 'open';
}

export const statusLabel: Record<ShownStatus, string> = {
  gepland: 'gepland',
  open: 'open',
  binnenkort: 'binnenkort',
  'te-laat': 'te laat',
  ingediend: 'ingediend',
  'te-laat-ingediend': 'te laat ingediend',
  vrijgesteld: 'vrijgesteld',
};

/** Every shown status, in the order of the year: the dashboard counts and filters by these. */
export const shownStatuses: readonly ShownStatus[] = ['gepland', 'open', 'binnenkort', 'te-laat', 'ingediend', 'te-laat-ingediend', 'vrijgesteld'];

export const kindLabel: Record<DeliverableKind, string> = {
  advice: 'Advies',
  document: 'Document',
  'progress-report': 'Voortgangsrapportage',
  'sign-off': 'Ondertekening',
  notification: 'Melding',
  'meeting-agenda': 'Agenda',
  'meeting-minutes': 'Notulen',
};

/** Everything stored below one deliverable instance, from one query. */
export interface InstanceRecords {
  instance: DeliverableInstance;
  notices: NoticeClaim[];
  /** The slots Act finished; absent from instances read before the ledger marked slots. */
  slotMarks: SlotMark[];
  links: LinkRecord[];
  submissions: Submission[];
  /** Who confirmed receipt of which version; absent from instances read before confirmations. */
  confirmations: Confirmation[];
  audit: AuditEntry[];
}
