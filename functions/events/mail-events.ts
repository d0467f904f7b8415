import type { SNSEvent } from 'aws-lambda';
import { z } from 'zod';
import type { Deps } from '../adapters/deps.js';
import { logger } from '../adapters/logger.js';
import { countMailEvent } from '../adapters/metrics.js';

/**
 * What SES publishes (through the configuration set's SNS destination) when a mail bounces or the
 * recipient complains. Only the message tags are read: they name the contact, so no address
 * needs to be looked up or logged.
 */
const sesEvent = z.object({
  eventType: z.enum(['Bounce', 'Complaint']),
  mail: z.object({
    tags: z.object({ tenant: z.array(z.string()).min(1), party: z.array(z.string()).min(1), contact: z.array(z.string()).min(1) }),
  }),
  bounce: z.object({ bounceType: z.string(), timestamp: z.string() }).optional(),
  complaint: z.object({ timestamp: z.string() }).optional(),
});

/** Marks the contact of a bounced (or complained-about) mail, so the dashboard shows whose mail does not arrive. */
export function createMailEventsHandler(deps: Pick<Deps, 'store' | 'clock'>) {
  return async (event: SNSEvent): Promise<{ recorded: number; ignored: number }> => {
    let recorded = 0;
    let ignored = 0;
    for (const record of event.Records) {
      let parsed;
      try {
        parsed = sesEvent.safeParse(JSON.parse(record.Sns.Message));
      } catch {
        parsed = undefined;
      }
      if (!parsed?.success) {
        ignored++;
        logger.warn('mail event ignored', { code: 'MAIL_EVENT_IGNORED' });
        continue;
      }
      const { mail, eventType, bounce, complaint } = parsed.data;
      const type = eventType === 'Complaint' ? 'Klacht' : (bounce?.bounceType ?? 'Undetermined');
      const at = bounce?.timestamp ?? complaint?.timestamp ?? deps.clock.now().toISOString();
      // A temporary bounce (full mailbox) is shown too, but does not count as a wrong address.
      const ok = await deps.store.tenants.recordBounce(mail.tags.tenant[0]!, mail.tags.party[0]!, mail.tags.contact[0]!, { at, type });
      if (ok) {
        recorded++;
        // Only a known contact's tenant is counted: a tag nobody recognises never becomes a dimension.
        countMailEvent({ tenantId: mail.tags.tenant[0]!, eventType });
      } else {
        ignored++;
      }
      logger.info('mail event recorded', { code: 'MAIL_EVENT', eventType, type, known: ok });
    }
    return { recorded, ignored };
  };
}
