import { awsDeps } from '../adapters/deps.js';
import { createSignInHandler } from '../coordinator/sign-in.js';

export const handler = createSignInHandler(awsDeps());
