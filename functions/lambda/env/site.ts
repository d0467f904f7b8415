import { z } from 'zod';
import type { AppConfig, CoordinatorAuth } from '../../adapters/app-config.js';
import { readEnv } from './read.js';

/** Where links point (`PUBLIC_BASE_URL`) and how long they live after a deadline (`LINK_GRACE_DAYS`). */
export function siteFromEnv(fn: string): Pick<AppConfig, 'publicBaseUrl' | 'linkGraceDays'> {
  const e = readEnv(fn, z.object({ PUBLIC_BASE_URL: z.url(), LINK_GRACE_DAYS: z.coerce.number().int().min(0).max(365).default(60) }));
  return { publicBaseUrl: e.PUBLIC_BASE_URL, linkGraceDays: e.LINK_GRACE_DAYS };
}

/** The address of this site only, for a function that builds addresses but no links. */
export function publicBaseUrlFromEnv(fn: string): Pick<AppConfig, 'publicBaseUrl'> {
  return { publicBaseUrl: readEnv(fn, z.object({ PUBLIC_BASE_URL: z.url() })).PUBLIC_BASE_URL };
}

/** Always the API's authorizer in AWS: no environment variable can choose the local development sign-in. */
export const authorizer: CoordinatorAuth = { mode: 'authorizer' };

/** The authorizer mode with the Cognito managed login the dashboard signs in with (`COGNITO_USER_POOL_ID`, `COGNITO_CLIENT_ID`, `COGNITO_DOMAIN`). */
export function cognitoSignInFromEnv(fn: string): CoordinatorAuth {
  const e = readEnv(fn, z.object({ COGNITO_USER_POOL_ID: z.string().min(1), COGNITO_CLIENT_ID: z.string().min(1), COGNITO_DOMAIN: z.url() }));
  return { mode: 'authorizer', cognito: { userPoolId: e.COGNITO_USER_POOL_ID, clientId: e.COGNITO_CLIENT_ID, domain: e.COGNITO_DOMAIN } };
}
