import type { CognitoSignIn } from './app-config.js';

/**
 * The token endpoint of Cognito's managed login: trades the authorization code (with the PKCE
 * verifier) for the user's tokens. Only the ID token is kept, in the session cookie.
 */
export async function exchangeCode(cognito: CognitoSignIn, input: { code: string; verifier: string; redirectUri: string }): Promise<string | undefined> {
  const response = await fetch(`${cognito.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: cognito.clientId,
      code: input.code,
      redirect_uri: input.redirectUri,
      code_verifier: input.verifier,
    }),
    signal: AbortSignal.timeout(8000),
  });
  if (!response.ok) return undefined;
  const body = (await response.json()) as { id_token?: unknown };
  return typeof body.id_token === 'string' ? body.id_token : undefined;
}

/** Where Cognito's managed login starts, for this client, with state and a PKCE challenge. */
export function authorizeUrl(cognito: CognitoSignIn, input: { redirectUri: string; state: string; challenge: string }): string {
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: cognito.clientId,
    redirect_uri: input.redirectUri,
    scope: 'openid email',
    state: input.state,
    code_challenge_method: 'S256',
    code_challenge: input.challenge,
  });
  return `${cognito.domain}/oauth2/authorize?${query.toString()}`;
}

export function logoutUrl(cognito: CognitoSignIn, logoutUri: string): string {
  return `${cognito.domain}/logout?${new URLSearchParams({ client_id: cognito.clientId, logout_uri: logoutUri }).toString()}`;
}
