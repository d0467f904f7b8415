import { z } from 'zod';
import { ADMINISTRATOR_GROUP } from '../coordinator/auth.js';
import { dutchError } from '../core/dutch-issues.js';
import { logger } from '../adapters/logger.js';
import type { Store } from '../adapters/store/index.js';
import type { UserDirectory } from '../adapters/user-directory.js';
import { AdminError, existingTenant, tenantInput } from './administration.js';

/** The group whose members see a municipality (see principalOf). */
export const tenantGroup = (tenantId: string) => `tenant:${tenantId}`;

export const coordinatorUserInput = z.strictObject({
  tenantId: tenantInput.shape.tenantId,
  // Cognito compares addresses without case (the pool is case-insensitive), and so does the local sign-in.
  email: z
    .string()
    .trim()
    .toLowerCase()
    .max(254, 'is te lang: een e-mailadres heeft hoogstens 254 tekens')
    .pipe(z.email('is geen geldig e-mailadres, bv. j.jansen@amersfoort.nl')),
  name: z.string().trim().min(2, 'moet minstens 2 tekens hebben').max(120, 'mag hoogstens 120 tekens hebben').regex(/^[^\p{Cc}<>]*$/u, 'mag geen regeleinden of <> bevatten').optional(),
  administrator: z.boolean().default(false),
});
export type CoordinatorUserInput = z.input<typeof coordinatorUserInput>;

const fieldNames: Record<string, string> = { tenantId: '--gemeente', email: '--email', name: '--naam', administrator: '--beheerder' };

export interface CoordinatorUserResult {
  tenantId: string;
  email: string;
  /** False when the address already had an account: it was not invited again, only added to the groups. */
  created: boolean;
  /** Every group the user is in now, by this operation, and whether the group itself was new. */
  groups: { name: string; created: boolean }[];
}

/**
 * Gives a coordinator an account for a municipality: a user in the directory (Cognito mails the
 * invitation with a temporary password; MFA is set up at the first sign-in), in the group
 * `tenant:<id>` and, for an administrator, `beheerder`. Input and municipality are checked before
 * anything is written; running it again changes nothing twice.
 */
export async function createCoordinatorUser(store: Store, directory: UserDirectory, input: unknown): Promise<CoordinatorUserResult> {
  const parsed = coordinatorUserInput.safeParse(input, { error: dutchError });
  if (!parsed.success) throw new AdminError(parsed.error.issues.map((i) => `${fieldNames[String(i.path[0])] ?? i.path.join('.')}: ${i.message}`));
  const { tenantId, email, name, administrator } = parsed.data;
  await existingTenant(store, tenantId);

  const names = [tenantGroup(tenantId), ...(administrator ? [ADMINISTRATOR_GROUP] : [])];
  const groups: CoordinatorUserResult['groups'] = [];
  for (const group of names) groups.push({ name: group, created: await directory.ensureGroup(group) });
  const created = await directory.createUser({ email, ...(name ? { name } : {}) });
  for (const group of names) await directory.addToGroup(email, group);
  // Ids and flags only: the address is personal data.
  logger.info('coordinator user set up', { code: 'COORDINATOR_USER', tenantId, created, administrator, groupsCreated: groups.filter((g) => g.created).length });
  return { tenantId, email, created, groups };
}
