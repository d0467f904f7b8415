import type { DeliverableDefinition, ReminderPolicy } from './deliverable.js';
import type { Receipt } from './receipt.js';

export type PartyRole = 'gemeente' | 'corporatie' | 'huurdersorganisatie';

export interface Tenant {
  tenantId: string;
  name: string;
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
}

/** Stored status; "te laat" (overdue, nothing yet) is derived from the clock, never stored. */
export type StoredStatus = 'open' | 'ingediend' | 'te-laat-ingediend' | 'vrijgesteld';
export type ShownStatus = StoredStatus | 'te-laat';

export interface DeliverableInstance {
  tenantId: string;
  year: number;
  instanceId: string;
  definition: DeliverableDefinition;
  /** Last day on time, ISO local date in Europe/Amsterdam. */
  lastDay: string;
  /** First late instant (UTC ISO). */
  lateFrom: string;
  reminders: ReminderPolicy;
  status: StoredStatus;
  submissionCount: number;
  openedAt: string;
}

export interface NoticeClaim {
  instanceId: string;
  slotId: string;
  contactId: string;
  partyId: string;
  state: 'sending' | 'sent';
  attemptId: string;
  claimedAt: string;
  sentAt?: string;
  messageId?: string;
}

export interface LinkRecord {
  instanceId: string;
  linkId: string;
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
  receipt: Receipt;
}

export interface AuditEntry {
  instanceId: string;
  at: string;
  actor: string;
  action: string;
  detail: Record<string, string | number | boolean>;
}

export function shownStatus(instance: Pick<DeliverableInstance, 'status' | 'lateFrom'>, now: Date): ShownStatus {
  if (instance.status === 'open' && now.getTime() >= Date.parse(instance.lateFrom)) return 'te-laat';
  return instance.status;
}

export const statusLabel: Record<ShownStatus, string> = {
  open: 'open',
  'te-laat': 'te laat',
  ingediend: 'ingediend',
  'te-laat-ingediend': 'te laat ingediend',
  vrijgesteld: 'vrijgesteld',
};
