import { App, type AppProps } from 'aws-cdk-lib';
import { addNagChecks } from './nag.js';
import { PrestatiecyclusStack } from './stack.js';

/** The CDK app as `cdk synth` builds it; tests build the same one. */
export function buildApp(props: AppProps = {}) {
  const app = new App(props);
  const ctx = (key: string, fallback: string): string => (app.node.tryGetContext(key) as string | undefined) ?? fallback;
  const stack = new PrestatiecyclusStack(app, 'Prestatiecyclus', {
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'eu-west-1' },
    publicBaseUrl: ctx('publicBaseUrl', 'https://prestatieafspraken.example.org'),
    mailFromDomain: ctx('mailFromDomain', 'example.org'),
    mailFrom: ctx('mailFrom', 'Prestatieafspraken <prestatieafspraken@example.org>'),
  });
  addNagChecks(app, stack);
  return { app, stack };
}
