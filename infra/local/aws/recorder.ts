/**
 * The call log of the local AWS endpoints: who (the access key id, which names the function) did
 * what (the IAM action) to which resource (its ARN). Comparing it with the synthesized IAM policies
 * shows a missing grant before AWS does.
 */

/** One IAM-level call: a request that touches several resources is one entry per resource. */
export interface RecordedCall {
  principal: string;
  /** The IAM service prefix: dynamodb, ses, kms, s3, states. */
  service: string;
  /** In IAM form, `service:Action`, e.g. `dynamodb:PutItem`. */
  action: string;
  resource: string;
}

export interface RecorderOptions {
  /** @default 'eu-west-1' */
  region?: string;
  /** @default '000000000000' */
  account?: string;
}

export class CallRecorder {
  readonly region: string;
  readonly account: string;
  private readonly log: RecordedCall[] = [];

  constructor(options: RecorderOptions = {}) {
    this.region = options.region ?? 'eu-west-1';
    this.account = options.account ?? '000000000000';
  }

  /**
   * Records `action` (`service:Action`) once per distinct resource: a transaction putting three
   * items in one table needs one grant, so it is one entry.
   */
  record(principal: string, action: string, resources: readonly string[]): void {
    const service = action.slice(0, action.indexOf(':'));
    for (const resource of new Set(resources)) this.log.push({ principal, service, action, resource });
  }

  /** Every call so far, oldest first (a copy: assertions cannot change the log). */
  get entries(): RecordedCall[] {
    return this.log.map((entry) => ({ ...entry }));
  }

  /** The calls of one principal, oldest first. */
  by(principal: string): RecordedCall[] {
    return this.entries.filter((entry) => entry.principal === principal);
  }

  clear(): void {
    this.log.length = 0;
  }

  /** An ARN in this recorder's region and account, e.g. `arn('dynamodb', 'table/Name')`. */
  arn(service: string, resource: string): string {
    return `arn:aws:${service}:${this.region}:${this.account}:${resource}`;
  }
}

/**
 * The access key id of a SigV4 `Authorization` header (`AWS4-HMAC-SHA256 Credential=AKID/date/
 * region/service/aws4_request, SignedHeaders=…, Signature=…`); undefined when there is none. The
 * signature is not checked: locally the key id only says which function called.
 */
export function principalOf(authorization: string | undefined): string | undefined {
  const match = /(?:^|[\s,])Credential=([^/,\s]+)\//.exec(authorization ?? '');
  return match?.[1];
}

/** The access key id of a SigV4 credential scope (`AKID/date/region/service/aws4_request`), as a presigned POST carries it. */
export function principalOfCredential(credential: string | undefined): string | undefined {
  const parts = (credential ?? '').split('/');
  return parts.length === 5 && parts[0] && parts[4] === 'aws4_request' ? parts[0] : undefined;
}
