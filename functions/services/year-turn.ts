import { publicUrl } from '../adapters/app-config.js';
import type { Uses } from '../adapters/deps.js';
import { logger } from '../adapters/logger.js';
import { basePath } from '../http/routes.js';
import { dutchDate, isoDate, localDate, localDateOf } from '../core/time.js';
import { noTemplateMail } from '../views/year-turn-mail.js';
import { partyLink } from './links.js';
import { sendOnce } from './send-once.js';
import { CYCLE_AUDIT } from './steering.js';

/** The pseudo-instance of a cycle year under which its turn to the next year is recorded (the November mail). */
export const YEAR_TURN = '_jaarwissel';
/** From this month on, a missing template for next year is reported to the coordinators. */
const WARN_FROM_MONTH = 11;

export type YearTurnDeps = Uses<'store' | 'engine' | 'mailer' | 'linkKeys' | 'clock', 'publicBaseUrl'>;

export interface YearTurnResult {
  /** Tenants whose next cycle was started by their opening date. */
  opened: string[];
  /** Tenants whose coordinators were told that no template covers next year. */
  warned: string[];
}

/**
 * The turn of the year, run with the reconciler: for every municipality with a cycle this year,
 * next year's cycle opens on the date the tenant set (`opensNextYearOn`), from the templates in
 * use for that year; from November on, while no template covers next year, its coordinators get
 * one mail saying so (each once: the notice ledger, under the pseudo-instance `_jaarwissel`).
 * Running it again starts and sends nothing twice.
 */
export async function turnYear(deps: YearTurnDeps): Promise<YearTurnResult> {
  const today = localDateOf(deps.clock.now());
  const next = today.year + 1;
  const result: YearTurnResult = { opened: [], warned: [] };
  for (const tenantId of await deps.store.cycles.tenantsOf(today.year)) {
    if (await deps.store.cycles.get(tenantId, next)) continue;
    const [directory, templates] = await Promise.all([deps.store.tenants.directory(tenantId), deps.store.templates.forYear(tenantId, next)]);
    const opensOn = directory.tenant?.opensNextYearOn;
    const opensDate = opensOn && localDate(today.year, opensOn.month, opensOn.day);
    if (templates.length && opensDate && isoDate(today) >= isoDate(opensDate)) {
      if (await deps.engine.startCycle({ tenantId, year: next })) {
        result.opened.push(tenantId);
        await deps.store.audit.append(tenantId, today.year, {
          instanceId: CYCLE_AUDIT,
          at: deps.clock.now().toISOString(),
          actor: 'systeem',
          action: `cyclus ${next} geopend`,
          detail: { reden: `openingsdatum ${opensOn.day}-${opensOn.month}`, sjablonen: templates.map((t) => `${t.id} versie ${t.version}`).join(' + ') },
        });
      }
      continue;
    }
    if (templates.length || today.month < WARN_FROM_MONTH) continue;
    const coordinators = directory.contacts.filter((c) => c.coordinator && c.active);
    let sent = false;
    for (const contact of coordinators) {
      const outcome = await sendOnce(deps, { tenantId, year: today.year, instanceId: YEAR_TURN, slotId: `geen-sjabloon-${next}` }, contact, async () =>
        noTemplateMail({
          to: contact.email,
          coordinatorName: contact.name,
          tenantName: directory.tenant?.name ?? tenantId,
          year: next,
          templatesUrl: publicUrl(deps.config, `${basePath({ tenant: tenantId, year: today.year })}/sjablonen`),
          ...(opensDate && isoDate(opensDate) > isoDate(today) ? { opensText: dutchDate(opensDate) } : {}),
          partyLink: await partyLink(deps, tenantId, today.year, contact),
        }),
      );
      sent ||= outcome === 'sent';
    }
    if (sent) result.warned.push(tenantId);
  }
  if (result.opened.length || result.warned.length) logger.info('year turned', { code: 'YEAR_TURN', opened: result.opened.length, warned: result.warned.length });
  return result;
}
