import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalDocumentStore } from '../../functions/adapters/local-documents.js';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SESClient } from '@aws-sdk/client-ses';
import type { Clock } from '../../functions/adapters/clock.js';
import type { MacKeyring } from '../../functions/core/link-token.js';
import type { LocalReceiptSigner } from '../../functions/adapters/receipt-signer.js';
import { documentClient, type Deps } from '../../functions/adapters/deps.js';
import type { Mailer } from '../../functions/adapters/mailer.js';
import { SesMailer } from '../../functions/adapters/mailer.js';
import { Store } from '../../functions/adapters/store/index.js';
import { createActHandler } from '../../functions/workflow/act.js';
import { createCycleStatusHandler } from '../../functions/coordinator/cycle-status.js';
import { createLinkPageHandler } from '../../functions/public/link-page.js';
import { createCalendarFeedHandler } from '../../functions/public/calendar-feed.js';
import { createSendCalendarsHandler } from '../../functions/workflow/send-calendars.js';
import { mintDevToken } from '../../functions/coordinator/auth.js';
import { createExportCycleHandler } from '../../functions/coordinator/export-cycle.js';
import { createMaterialiseHandler } from '../../functions/workflow/materialise.js';
import { createReconcileHandler } from '../../functions/workflow/reconcile.js';
import { createAdministrationHandler } from '../../functions/administration/api.js';
import { SimulatedClock } from '../../functions/adapters/clock.js';
import { logger } from '../../functions/adapters/logger.js';
import { createStartDeliverableHandler } from '../../functions/workflow/start-deliverable.js';
import { createOpenCycleHandler } from '../../functions/coordinator/open-cycle.js';
import { createManageLinksHandler } from '../../functions/coordinator/manage-links.js';
import { createPlanHandler } from '../../functions/workflow/plan.js';
import { createReceiptKeysHandler } from '../../functions/public/receipt-keys.js';
import { createSteerDeliverableHandler } from '../../functions/coordinator/steer-deliverable.js';
import { createRecordDateHandler } from '../../functions/coordinator/record-date.js';
import { createDashboardHandler } from '../../functions/coordinator/dashboard.js';
import { createSignInHandler } from '../../functions/coordinator/sign-in.js';
import { ensureTable, localCredentials, localRegion, startDynamoDbLocal } from './dynamodb.js';
import { LocalEngine } from './engine.js';
import { LOCAL_DOWNLOAD_PATH, LOCAL_UPLOAD_PATH, startGateway } from './gateway.js';
import { localKeys } from './keys.js';
import { startSesLocal } from './ses.js';
import type { LocalServiceIncident } from './ports.js';

export interface LocalCloudOptions {
  clock: Clock;
  /** Keep DynamoDB data and keys here; in memory when absent (tests). */
  dataDir?: string;
  /** Use a DynamoDB Local that already runs (tests share one) instead of starting one. */
  dynamoEndpoint?: string;
  tableName?: string;
  httpPort?: number;
  sesPort?: number;
  dynamoPort?: number;
  /** The link keys (a test rotates them); by default a key on disk or in memory. */
  linkKeys?: MacKeyring;
  /** The receipt signer (a test rotates it); by default a key pair on disk or in memory. */
  receiptSigner?: LocalReceiptSigner;
  /** Wraps the Act task, e.g. to inject a fault in a test. */
  wrapAct?: (act: (input: unknown) => Promise<unknown>) => (input: unknown) => Promise<unknown>;
  /** Wraps the mailer, e.g. to inject SES throttling in a test. */
  wrapMailer?: (mailer: Mailer) => Mailer;
  /** Sees the DynamoDB client before use, e.g. to add a middleware that injects an outage in a test. */
  onDynamoClient?: (client: DynamoDBClient) => void;
  /** The municipalities the development token (`devToken`) is a coordinator of. @default ['leusden'] */
  tenants?: string[];
  /** The sender of every mail. @default Prestatieafspraken Leusden <prestatieafspraken@example.org> */
  mailFrom?: string;
  /** Runs the reconciler this often on the clock (as EventBridge Scheduler does in AWS). @default never (tests call `reconcile`) */
  reconcileEveryMs?: number;
  /** Told when DynamoDB Local or SES local stops while running; they are restarted unless `fatal`. @default not watched */
  onIncident?: (incident: LocalServiceIncident) => void;
}

export type LocalCloud = Awaited<ReturnType<typeof startLocalCloud>>;

/**
 * The whole system on this machine: DynamoDB Local, SES local, the local Step Functions runtime and
 * the HTTP gateway, all calling the very handlers that run in Lambda.
 */
export async function startLocalCloud(options: LocalCloudOptions) {
  const stops: (() => Promise<void> | void)[] = [];
  const stop = async () => {
    for (const s of stops.reverse()) await s();
  };
  try {
    // DynamoDB Local (a JVM, a second or two) and SES local start side by side; each started one is stopped.
    const [dynamo, sesStarted] = await Promise.allSettled([
      options.dynamoEndpoint
        ? undefined
        : startDynamoDbLocal({ port: options.dynamoPort, dataDir: options.dataDir ? join(options.dataDir, 'dynamodb') : undefined, onIncident: options.onIncident }),
      startSesLocal({ port: options.sesPort, onIncident: options.onIncident }),
    ]);
    if (dynamo.status === 'fulfilled' && dynamo.value) stops.push(dynamo.value.stop);
    if (sesStarted.status === 'fulfilled') stops.push(sesStarted.value.stop);
    if (dynamo.status === 'rejected') throw dynamo.reason;
    if (sesStarted.status === 'rejected') throw sesStarted.reason;
    const ses = sesStarted.value;
    const dynamoEndpoint = options.dynamoEndpoint ?? dynamo.value!.endpoint;
    const tableName = options.tableName ?? 'prestatiecyclus';
    await ensureTable(dynamoEndpoint, tableName);

    const dynamoClient = new DynamoDBClient({ endpoint: dynamoEndpoint, region: localRegion, credentials: localCredentials });
    options.onDynamoClient?.(dynamoClient);
    const sesClient = new SESClient({ endpoint: ses.endpoint, region: localRegion, credentials: localCredentials });
    stops.push(() => {
      dynamoClient.destroy();
      sesClient.destroy();
    });
    const keys = localKeys(options.dataDir ? join(options.dataDir, 'keys') : undefined);
    // Local only: coordinators get a development token of the same shape as Cognito's, signed with a
    // secret made now. The AWS configuration has no way to choose this mode.
    const devSecret = randomBytes(32);
    const mintToken = (tenants: string[], subject = 'lokale-coordinator', options: { administrator?: boolean } = {}) => mintDevToken(devSecret, subject, tenants, options);
    const devToken = await mintToken(options.tenants ?? ['leusden']);
    const sesMailer = new SesMailer(sesClient, options.mailFrom ?? 'Prestatieafspraken Leusden <prestatieafspraken@example.org>');

    // The gateway's port is known before the handlers are made, so links point at it.
    let engine: LocalEngine | undefined;
    const documents = new LocalDocumentStore(
      options.dataDir ? join(options.dataDir, 'documents') : mkdtempSync(join(tmpdir(), 'prestatiecyclus-documenten-')),
      () => `${deps.config.publicBaseUrl}${LOCAL_UPLOAD_PATH}`,
      () => `${deps.config.publicBaseUrl}${LOCAL_DOWNLOAD_PATH}`,
    );
    const deps: Deps = {
      store: new Store(documentClient(dynamoClient), tableName),
      documents,
      mailer: options.wrapMailer ? options.wrapMailer(sesMailer) : sesMailer,
      engine: {
        startDeliverable: (input) => engine!.startDeliverable(input),
        startCycle: (input) => engine!.startCycle(input),
        deliverableStatus: (input) => engine!.deliverableStatus(input),
        stopDeliverable: (input) => engine!.stopDeliverable(input),
      },
      linkKeys: options.linkKeys ?? keys.linkKeys,
      receiptSigner: options.receiptSigner ?? keys.receiptSigner,
      clock: options.clock,
      config: { publicBaseUrl: 'http://127.0.0.1', linkGraceDays: 60, coordinatorAuth: { mode: 'dev-jwt', secret: devSecret } },
    };
    const gateway = await startGateway(
      {
        linkPage: createLinkPageHandler(deps),
        cycleStatus: createCycleStatusHandler(deps),
        openCycle: createOpenCycleHandler(deps),
        recordDate: createRecordDateHandler(deps),
        calendarFeed: createCalendarFeedHandler(deps),
        manageLinks: createManageLinksHandler(deps),
        receiptKeys: createReceiptKeysHandler(deps),
        steerDeliverable: createSteerDeliverableHandler(deps),
        exportCycle: createExportCycleHandler(deps),
        dashboard: createDashboardHandler(deps),
        signIn: createSignInHandler(deps),
        administration: createAdministrationHandler(deps),
      },
      { port: options.httpPort, documents },
    );
    stops.push(gateway.stop);
    deps.config.publicBaseUrl = gateway.url;
    const act = createActHandler(deps);
    engine = new LocalEngine({
      clock: options.clock,
      tasks: {
        Plan: createPlanHandler(deps),
        Act: options.wrapAct ? options.wrapAct(act) : act,
        Materialise: createMaterialiseHandler(deps),
        StartDeliverables: createStartDeliverableHandler(deps),
        SendCalendars: createSendCalendarsHandler(deps),
      },
    });
    stops.push(() => engine!.stop());
    const reconcileNow = createReconcileHandler(deps);
    if (options.reconcileEveryMs) {
      const every = options.reconcileEveryMs;
      let running = true;
      // A participant of the simulated clock: it must not count as idle while it reconciles.
      const simulated = options.clock instanceof SimulatedClock ? options.clock : undefined;
      simulated?.join();
      stops.push(async () => {
        if (running) simulated?.leave();
        running = false;
      });
      void (async () => {
        while (running) {
          await options.clock.sleepUntil(new Date(options.clock.now().getTime() + every));
          if (running) await reconcileNow({}).catch((error: unknown) => logger.error('reconcile failed', { code: 'RECONCILE_FAILED', errorName: (error as Error).name }));
        }
      })();
    }

    return {
      deps,
      store: deps.store,
      engine,
      devToken,
      mintToken,
      urls: { http: gateway.url, inbox: ses.inboxUrl, ses: ses.endpoint, dynamodb: dynamoEndpoint },
      publicKeyPem: (options.receiptSigner ?? keys.receiptSigner).publicKeyPem,
      /** Runs the reconciler once, as its schedule would. */
      reconcile: (years?: number[]) => reconcileNow(years ? { years } : {}),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
