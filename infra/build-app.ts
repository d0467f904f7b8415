import { App, type AppProps } from 'aws-cdk-lib';
import { addNagChecks } from './nag.js';
import { PrestatiecyclusStack, type PrestatiecyclusStackProps } from './stack.js';

/**
 * The regions in EU member states. London (eu-west-2) and Zurich (eu-central-2) are left out: the
 * United Kingdom and Switzerland are outside the EU, so their data would rest on an adequacy
 * decision of the Commission (which it reviews and can withdraw) instead of on the GDPR itself.
 */
export const euRegions = ['eu-west-1', 'eu-central-1', 'eu-north-1', 'eu-west-3', 'eu-south-1', 'eu-south-2'] as const;

/** What a deployment is told with `-c key=value`: each key, whether it is required, and an example. */
export const contextKeys = {
  region: { required: true, example: 'eu-west-1', about: `the AWS region, one in the EU: ${euRegions.join(', ')}` },
  publicBaseUrl: { required: true, example: 'https://prestatieafspraken.leusden.nl', about: 'the https address, without a path, that links and the dashboard point to' },
  mailFromDomain: { required: true, example: 'leusden.nl', about: 'the domain SES sends from' },
  mailFrom: { required: true, example: 'Prestatieafspraken Leusden <prestatieafspraken@leusden.nl>', about: 'the sender, an address on mailFromDomain' },
  operatorEmail: { required: true, example: 'beheer@leusden.nl', about: 'where alarms and DMARC reports go' },
  domainName: { required: false, example: 'prestatieafspraken.leusden.nl', about: 'a custom domain for the API, with certificateArn' },
  certificateArn: { required: false, example: 'arn:aws:acm:eu-west-1:111122223333:certificate/…', about: 'an ACM certificate for domainName in the region' },
  mailFromSubdomain: { required: false, example: 'bounce', about: 'the MAIL FROM subdomain of mailFromDomain (default bounce)' },
  loginDomainPrefix: { required: false, example: 'leusden-beheer', about: 'the Cognito login domain prefix (default <stack>-beheer)' },
  linkKeyId: { required: false, example: 'kms-2', about: 'the id of the current link key; a new id creates a new key (default kms-1)' },
  retiredLinkKeys: { required: false, example: 'kms-1=arn:aws:kms:eu-west-1:111122223333:key/…', about: 'older link keys whose links are still accepted: id=ARN, comma-separated' },
  receiptKeyGeneration: { required: false, example: '2', about: 'the generation of the receipt key; a new number creates a new key (default 1)' },
  retiredReceiptKeyArns: { required: false, example: 'arn:aws:kms:eu-west-1:111122223333:key/…', about: 'older receipt keys whose public keys stay published, comma-separated' },
} as const;
export type ContextKey = keyof typeof contextKeys;

/** A deployment started without what it needs: names every missing or invalid key and shows a whole command. */
export class DeployContextError extends Error {
  override name = 'DeployContextError';
}

const required = (Object.keys(contextKeys) as ContextKey[]).filter((k) => contextKeys[k].required);
const exampleCommand = `npx cdk deploy ${required.map((k) => `-c ${shellWord(`${k}=${contextKeys[k].example}`)}`).join(' ')}`;
const kmsKeyArn = /^arn:aws:kms:[a-z0-9-]+:\d{12}:key\/[A-Za-z0-9-]+$/;

function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`;
}

/** The address in `Name <address>` or a bare address, if it is one. */
function addressOf(from: string): string | undefined {
  const m = /^(?:[^<>]*<([^<>\s]+)>|([^<>\s]+))$/.exec(from.trim());
  const address = m?.[1] ?? m?.[2];
  return address && /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(address) ? address : undefined;
}

/**
 * The stack's configuration from the CDK context, checked as a whole: every missing or invalid key
 * is named in one message (no fallbacks, so a deployment never sends mail as someone else).
 */
export function readDeployContext(get: (key: ContextKey) => unknown): Omit<PrestatiecyclusStackProps, 'env'> & { region: string } {
  const problems: string[] = [];
  const value = (key: ContextKey): string | undefined => {
    const raw = get(key);
    const s = raw === undefined || raw === null ? '' : String(raw).trim();
    if (!s && contextKeys[key].required) problems.push(`${key}: missing; ${contextKeys[key].about} (e.g. ${contextKeys[key].example})`);
    return s || undefined;
  };
  const invalid = (key: ContextKey, why: string) => problems.push(`${key}: ${why}`);
  const list = (key: ContextKey) => (value(key) ?? '').split(',').map((s) => s.trim()).filter(Boolean);

  const region = value('region');
  if (region && !(euRegions as readonly string[]).includes(region)) invalid('region', `${region} is not an EU region; use one of ${euRegions.join(', ')}`);

  const publicBaseUrl = value('publicBaseUrl')?.replace(/\/+$/, '');
  let baseHost: string | undefined;
  if (publicBaseUrl) {
    const url = URL.canParse(publicBaseUrl) ? new URL(publicBaseUrl) : undefined;
    if (url?.protocol !== 'https:' || url.pathname !== '/' || url.search || url.hash || url.username) invalid('publicBaseUrl', `${publicBaseUrl} is not an https address without a path, e.g. ${contextKeys.publicBaseUrl.example}`);
    else baseHost = url.host;
  }

  const mailFromDomain = value('mailFromDomain')?.toLowerCase();
  if (mailFromDomain && !/^(?=.{1,253}$)([a-z0-9]([a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}$/.test(mailFromDomain)) invalid('mailFromDomain', `${mailFromDomain} is not a domain name`);
  const mailFrom = value('mailFrom');
  if (mailFrom && mailFromDomain) {
    const address = addressOf(mailFrom);
    if (!address) invalid('mailFrom', `${mailFrom} is not an address or "Name <address>"`);
    else if (address.split('@')[1]!.toLowerCase() !== mailFromDomain) invalid('mailFrom', `${address} is not on ${mailFromDomain} (SES sends only from the verified domain)`);
  }
  const mailFromSubdomain = value('mailFromSubdomain')?.toLowerCase() ?? 'bounce';
  if (!/^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/.test(mailFromSubdomain)) invalid('mailFromSubdomain', `${mailFromSubdomain} is not one DNS label`);

  const operatorEmail = value('operatorEmail');
  if (operatorEmail && addressOf(operatorEmail) !== operatorEmail) invalid('operatorEmail', `${operatorEmail} is not an e-mail address`);

  const domainName = value('domainName')?.toLowerCase();
  const certificateArn = value('certificateArn');
  if (Boolean(domainName) !== Boolean(certificateArn)) invalid(domainName ? 'certificateArn' : 'domainName', 'a custom domain needs both domainName and certificateArn');
  if (domainName && certificateArn) {
    const certRegion = /^arn:aws:acm:([a-z0-9-]+):\d{12}:certificate\/[A-Za-z0-9-]+$/.exec(certificateArn)?.[1];
    if (!certRegion) invalid('certificateArn', `${certificateArn} is not an ACM certificate ARN`);
    else if (region && certRegion !== region) invalid('certificateArn', `the certificate is in ${certRegion}; a regional API domain needs one in ${region}`);
    if (baseHost && baseHost !== domainName) invalid('publicBaseUrl', `must be https://${domainName} when the API has that custom domain (the execute-api address is switched off)`);
  }

  const linkKeyId = value('linkKeyId') ?? 'kms-1';
  if (!/^[A-Za-z0-9_-]{1,32}$/.test(linkKeyId)) invalid('linkKeyId', `${linkKeyId} is not 1-32 letters, digits, _ or -`);
  const retiredLinkKeys: Record<string, string> = {};
  for (const entry of list('retiredLinkKeys')) {
    const [, id = '', arn = ''] = /^([^=]*)=(.*)$/.exec(entry) ?? [];
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(id) || !kmsKeyArn.test(arn)) invalid('retiredLinkKeys', `${entry} is not <key id>=<KMS key ARN>`);
    else if (id === linkKeyId) invalid('retiredLinkKeys', `${id} is the current link key`);
    else retiredLinkKeys[id] = arn;
  }
  const generation = value('receiptKeyGeneration') ?? '1';
  if (!/^[1-9]\d{0,2}$/.test(generation)) invalid('receiptKeyGeneration', `${generation} is not a whole number from 1`);
  const retiredReceiptKeyArns = list('retiredReceiptKeyArns');
  for (const arn of retiredReceiptKeyArns) if (!kmsKeyArn.test(arn)) invalid('retiredReceiptKeyArns', `${arn} is not a KMS key ARN`);

  if (problems.length) {
    throw new DeployContextError(
      `prestatiecyclus cannot be synthesized: the CDK context is missing or has invalid values.\n${problems.map((p) => `  - ${p}`).join('\n')}\n` +
        `Pass each with -c key=value, for example:\n  ${exampleCommand}`,
    );
  }
  return {
    region: region!,
    publicBaseUrl: publicBaseUrl!,
    mailFromDomain: mailFromDomain!,
    mailFrom: mailFrom!,
    mailFromSubdomain,
    operatorEmail: operatorEmail!,
    customDomain: domainName && certificateArn ? { domainName, certificateArn } : undefined,
    loginDomainPrefix: value('loginDomainPrefix'),
    keys: { linkKeyId, retiredLinkKeys, receiptKeyGeneration: Number(generation), retiredReceiptKeyArns },
  };
}

/** The CDK app as `cdk synth` builds it; tests build the same one, with their context (test/infra/context.ts). */
export function buildApp(props: AppProps = {}) {
  const app = new App(props);
  const { region, ...config } = readDeployContext((key) => app.node.tryGetContext(key));
  const stack = new PrestatiecyclusStack(app, 'Prestatiecyclus', {
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region },
    ...config,
  });
  addNagChecks(app, stack);
  return { app, stack };
}
