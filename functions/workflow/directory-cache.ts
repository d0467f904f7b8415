import type { Directory, TenantStore } from '../adapters/store/tenants.js';

/**
 * How long Act keeps a tenant's directory before it reads it again. Not what keeps mail right: every
 * claim chosen from a kept copy checks, in its own write, that the directory's version is still the
 * copy's and the contact still active at that address (store/notices.ts `DirectoryCheck`), and Act
 * reads the directory again when that fails. The version sees every party and contact written
 * through TenantStore, a contact added too. What this limit bounds is what the version cannot see:
 * a contact added by a write past TenantStore (older code during a deployment, a repair by hand),
 * and a copy read in the very moment of a change (the directory query is read-committed, not a
 * snapshot: it may hold the new version without the new contact). Such a contact misses the notices
 * of these minutes (the next one reaches it); a contact deactivated or changed never gets one, as
 * its own check holds whoever wrote it. Real time, not the workflow's clock: the window is about
 * writes racing a container, and the simulated clock runs thousands of times faster.
 */
export const DIRECTORY_TTL_MS = 5 * 60 * 1000;

/** A directory as Act gets it: read just now (`fresh`), or a kept copy that claims must check. */
export interface KeptDirectory {
  directory: Directory;
  fresh: boolean;
}

/**
 * Each tenant's directory, kept per container (one per Act handler, which the Lambda module makes
 * once), so a warm Act sends a mail in three round trips: the instance, the claim, the mark.
 */
export class DirectoryCache {
  private readonly kept = new Map<string, { directory: Directory; readAt: number }>();

  constructor(
    private readonly tenants: Pick<TenantStore, 'directory'>,
    /** @default DIRECTORY_TTL_MS */
    private readonly ttlMs = DIRECTORY_TTL_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** The kept copy while it is younger than the limit; otherwise read now. */
  async get(tenantId: string): Promise<KeptDirectory> {
    const kept = this.kept.get(tenantId);
    if (kept && this.now() - kept.readAt < this.ttlMs) return { directory: kept.directory, fresh: false };
    return this.refresh(tenantId);
  }

  /** Reads the directory (one query of the tenant's partition) and keeps it. */
  async refresh(tenantId: string): Promise<KeptDirectory> {
    const directory = await this.tenants.directory(tenantId);
    this.kept.set(tenantId, { directory, readAt: this.now() });
    return { directory, fresh: true };
  }
}
