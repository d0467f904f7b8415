import type { InstanceRecords } from '../../functions/core/model.js';
import type { LocalCloud } from './cloud.js';

/**
 * A simulated municipality's view of its year: every instance as the driver last read it, in the
 * store's order (the order a whole-year read gives, so actions at the same moment keep theirs).
 *
 * Read once after the opening, then kept up to date from what the driver itself did: in a simulated
 * year only the driver's own actions change what it plans from (an instance's timing, status and
 * versions). A recorded date re-plans the instances it names; a first version re-plans the
 * instance's followers; the reminders the workflows send change neither. Re-reading the whole year
 * before every action cost a query of a growing partition each time, while the clock waited.
 */
export class YearView {
  private readonly records = new Map<string, InstanceRecords>();

  private constructor(
    private readonly cloud: LocalCloud,
    private readonly tenantId: string,
    private readonly year: number,
  ) {}

  /** The whole year, read once. */
  static async read(cloud: LocalCloud, tenantId: string, year: number): Promise<YearView> {
    const view = new YearView(cloud, tenantId, year);
    await view.reload();
    return view;
  }

  all(): InstanceRecords[] {
    return [...this.records.values()];
  }

  /** Takes a fresh read of one instance (its place in the order stays). */
  update(records: InstanceRecords): void {
    this.records.set(records.instance.instanceId, records);
  }

  /** Reads these instances again (those a recorded date re-planned); unknown ids are read as new. */
  async refresh(instanceIds: Iterable<string>): Promise<void> {
    const ids = [...new Set(instanceIds)];
    if (ids.some((id) => !this.records.has(id))) return this.reload();
    const fresh = await Promise.all(ids.map((id) => this.cloud.store.cycles.loadInstance(this.tenantId, this.year, id)));
    for (const r of fresh) if (r) this.update(r);
  }

  /**
   * After a submission: the instance as it is now and, for its first version, its followers (a
   * deadline some days after it). An instance stored before followers were named re-plans against
   * the whole year, so then the whole year is read again.
   */
  async submitted(after: InstanceRecords): Promise<void> {
    this.update(after);
    if (after.submissions.length !== 1) return;
    const followers = after.instance.followers;
    if (followers === undefined) return this.reload();
    await this.refresh(followers.map((f) => f.instanceId));
  }

  /**
   * The instances this view has wrong against a whole-year read (timing, status, versions): none
   * when only the driver's own actions changed them, as a simulated year assumes.
   */
  staleAgainst(records: InstanceRecords[]): string[] {
    const seen = (r: InstanceRecords | undefined) => r && JSON.stringify([r.instance.timing, r.instance.status, r.instance.revision, r.submissions.map((v) => v.version)]);
    return records.filter((r) => seen(r) !== seen(this.records.get(r.instance.instanceId))).map((r) => r.instance.instanceId);
  }

  private async reload(): Promise<void> {
    const all = await this.cloud.store.cycles.loadCycle(this.tenantId, this.year);
    this.records.clear();
    for (const r of all) this.records.set(r.instance.instanceId, r);
  }
}
