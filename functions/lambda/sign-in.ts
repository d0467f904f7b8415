import { systemClock } from '../adapters/clock.js';
import { createSignInHandler } from '../coordinator/sign-in.js';
import { cognitoSignInFromEnv, publicBaseUrlFromEnv } from './env/site.js';

export const handler = createSignInHandler({ clock: systemClock, config: { ...publicBaseUrlFromEnv('SignIn'), coordinatorAuth: cognitoSignInFromEnv('SignIn') } });
