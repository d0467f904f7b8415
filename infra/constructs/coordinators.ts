import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { HttpUserPoolAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import {
  AccountRecovery,
  CfnUserPoolGroup,
  FeaturePlan,
  ManagedLoginVersion,
  Mfa,
  OAuthScope,
  UserPool,
  UserPoolClientIdentityProvider,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { publicUrl } from '../../functions/adapters/app-config.js';
import { ADMINISTRATOR_GROUP } from '../../functions/coordinator/auth.js';

export interface CoordinatorsProps {
  /** Where the dashboard lives; Cognito sends the browser back to `/beheer/inloggen/terug` there. */
  publicBaseUrl: string;
  /** The prefix of the managed login domain (…auth.<region>.amazoncognito.com); unique per region. */
  loginDomainPrefix: string;
}

/**
 * The coordinators: a Cognito user pool without self sign-up (an administrator creates each user
 * and puts them in the groups `tenant:<id>` of the municipalities they may see, with `npm run
 * beheer -- gebruiker aanmaken`), with MFA required (an authenticator app, no SMS); the group
 * `beheerder` of the administrators (the `tenant:<id>` groups are made by that command, per tenant);
 * the managed login the dashboard signs in through (authorization code with PKCE, no client
 * secret); and the JWT authorizer on every coordinator API route.
 */
export class Coordinators extends Construct {
  readonly userPool: UserPool;
  readonly client: UserPoolClient;
  readonly domain: UserPoolDomain;
  readonly authorizer: HttpUserPoolAuthorizer;

  constructor(scope: Construct, id: string, props: CoordinatorsProps) {
    super(scope, id);
    const url = (path: string) => publicUrl(props, path);
    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      signInAliases: { email: true },
      passwordPolicy: { minLength: 12, requireDigits: true, requireLowercase: true, requireUppercase: true, requireSymbols: true },
      mfa: Mfa.REQUIRED,
      mfaSecondFactor: { otp: true, sms: false },
      accountRecovery: AccountRecovery.EMAIL_ONLY,
      featurePlan: FeaturePlan.PLUS,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // Retained with the pool: deleting the stack must not take the administrators' rights away.
    new CfnUserPoolGroup(this, 'Administrators', {
      userPoolId: this.userPool.userPoolId,
      groupName: ADMINISTRATOR_GROUP,
      description: 'Beheerders: mogen de gemeenten van hun groepen tenant:<id> beheren en nieuwe aanmaken.',
    }).applyRemovalPolicy(RemovalPolicy.RETAIN);
    this.client = this.userPool.addClient('Dashboard', {
      authFlows: { userSrp: true },
      generateSecret: false,
      supportedIdentityProviders: [UserPoolClientIdentityProvider.COGNITO],
      oAuth: {
        flows: { authorizationCodeGrant: true },
        scopes: [OAuthScope.OPENID, OAuthScope.EMAIL],
        callbackUrls: [url('/beheer/inloggen/terug')],
        logoutUrls: [url('/beheer/inloggen?afgemeld=1')],
      },
      idTokenValidity: Duration.hours(1),
      accessTokenValidity: Duration.hours(1),
      preventUserExistenceErrors: true,
    });
    this.domain = this.userPool.addDomain('Login', {
      cognitoDomain: { domainPrefix: props.loginDomainPrefix },
      managedLoginVersion: ManagedLoginVersion.CLASSIC_HOSTED_UI,
    });
    this.authorizer = new HttpUserPoolAuthorizer('CoordinatorAuthorizer', this.userPool, { userPoolClients: [this.client] });
  }

  /** What the dashboard's functions need to send a browser to the login and check what comes back. */
  signInEnv(): Record<string, string> {
    return {
      COGNITO_USER_POOL_ID: this.userPool.userPoolId,
      COGNITO_CLIENT_ID: this.client.userPoolClientId,
      COGNITO_DOMAIN: this.domain.baseUrl(),
    };
  }
}
