import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { AuditStore } from './audit.js';
import { CycleStore } from './cycles.js';
import { LinkStore } from './links.js';
import { NoticeStore } from './notices.js';
import { StatusStore } from './status.js';
import { SubmissionStore } from './submissions.js';
import { SummaryStore } from './summary.js';
import { Table } from './table.js';
import { TemplateStore } from './templates.js';
import { TenantStore } from './tenants.js';

export { ConflictError } from './table.js';
export { StoredItemError } from './items.js';
export type { InstanceRecords } from '../../core/model.js';

/** The DynamoDB store: every read and write of the single table goes through one of its aggregates. */
export class Store {
  readonly tenants: TenantStore;
  readonly cycles: CycleStore;
  readonly notices: NoticeStore;
  readonly links: LinkStore;
  readonly submissions: SubmissionStore;
  readonly summaries: SummaryStore;
  readonly status: StatusStore;
  readonly audit: AuditStore;
  readonly templates: TemplateStore;

  constructor(
    db: DynamoDBDocumentClient,
    readonly tableName: string,
  ) {
    const table = new Table(db, tableName);
    this.tenants = new TenantStore(table);
    this.cycles = new CycleStore(table);
    this.notices = new NoticeStore(table);
    this.links = new LinkStore(table);
    this.submissions = new SubmissionStore(table);
    this.summaries = new SummaryStore(table);
    this.status = new StatusStore(table);
    this.audit = new AuditStore(table);
    this.templates = new TemplateStore(table);
  }
}
