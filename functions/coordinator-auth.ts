import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { AppConfig } from './adapters/deps.js';
import { HttpProblem, type HttpEvent } from './http.js';

/**
 * Guards the coordinator API. Locally a development bearer token; in AWS the HTTP API's IAM
 * authorizer has already checked the caller before the function runs (no token is configured there).
 */
export function authorizeCoordinator(event: HttpEvent, config: AppConfig): void {
  if (config.coordinatorDevToken === undefined) return;
  const header = event.headers.authorization ?? '';
  const given = header.startsWith('Bearer ') ? header.slice(7) : '';
  // Hashing both sides gives equal lengths, so the comparison is constant-time whatever was sent.
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(config.coordinatorDevToken).digest();
  if (!given || !timingSafeEqual(a, b)) {
    throw new HttpProblem(401, 'Niet aangemeld', 'Meld u aan als coördinator en probeer het opnieuw.');
  }
}

export const cyclePathSchema = z.object({
  tenant: z.string().regex(/^[a-z0-9-]{2,60}$/, 'onbekende gemeente in het adres'),
  year: z.coerce.number().int().min(2000, 'jaar moet tussen 2000 en 2200 liggen').max(2200, 'jaar moet tussen 2000 en 2200 liggen'),
});

export function cyclePath(event: HttpEvent): z.infer<typeof cyclePathSchema> {
  const parsed = cyclePathSchema.safeParse(event.pathParameters ?? {});
  if (!parsed.success) {
    throw new HttpProblem(400, 'Ongeldig adres', `Controleer het adres: ${parsed.error.issues.map((i) => i.message).join('; ')}.`);
  }
  return parsed.data;
}
