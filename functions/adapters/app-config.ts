/**
 * The configuration handlers and adapters share, in one module that imports neither: what this
 * site is called, how long links live, and how coordinators sign in.
 */
export interface AppConfig {
  /** Where the browser posts PDFs (the bucket's origin in AWS), allowed by the pages' form-action. */
  uploadOrigin?: string;
  /** Where links point; never taken from a request's Host header. */
  publicBaseUrl: string;
  /** Days a link stays valid after the deadline, so a late submission is still possible. @default 60 */
  linkGraceDays: number;
  /** How coordinators sign in: the API's JWT authorizer in AWS, a development token locally. */
  coordinatorAuth: CoordinatorAuth;
}

/**
 * How coordinators are recognised. In AWS the HTTP API's JWT authorizer (Cognito) has checked the
 * token before the function runs, and the function reads its claims. Locally a development token
 * of the same shape, signed with a secret made at start; only the local cloud can choose this mode
 * (the Lambda configuration has no way to ask for it).
 */
export type CoordinatorAuth = { mode: 'authorizer'; cognito?: CognitoSignIn } | { mode: 'dev-jwt'; secret: Uint8Array };

/** The Cognito user pool and app client the dashboard signs in with (managed login, code + PKCE). */
export interface CognitoSignIn {
  userPoolId: string;
  clientId: string;
  /** The managed login domain, e.g. https://prestatiecyclus-leusden.auth.eu-west-1.amazoncognito.com */
  domain: string;
}

/** An address on this site for mails, links and redirects, from the configured base URL, never a request's Host. */
export function publicUrl(config: Pick<AppConfig, 'publicBaseUrl'>, path: string): string {
  return `${config.publicBaseUrl.replace(/\/+$/, '')}${path}`;
}
