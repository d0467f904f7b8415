import { SESClient } from '@aws-sdk/client-ses';
import { z } from 'zod';
import { SesMailer } from '../../adapters/mailer.js';
import { tracer } from '../../adapters/tracer.js';
import { readEnv } from './read.js';

/** SES, from `MAIL_FROM` and the configuration set that reports bounces (`SES_CONFIGURATION_SET`). */
export function mailerFromEnv(fn: string): SesMailer {
  const e = readEnv(fn, z.object({ MAIL_FROM: z.string().min(3), SES_CONFIGURATION_SET: z.string().min(1) }));
  return new SesMailer(tracer.captureAWSv3Client(new SESClient({})), e.MAIL_FROM, e.SES_CONFIGURATION_SET);
}
