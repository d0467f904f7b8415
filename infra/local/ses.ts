import type { Server } from 'node:http';
import sesLocal from 'aws-ses-v2-local';
import { reservePort, type LocalServiceIncident } from './ports.js';

export interface SesLocal {
  endpoint: string;
  /** The inbox viewer in the browser. */
  inboxUrl: string;
  /** The HTTP server now serving, e.g. for a test to close it as a crash would. */
  server(): Server;
  stop(): Promise<void>;
}

// The package is CommonJS with an ESM-style default export: under Node's ESM loader it arrives wrapped.
type StartServer = (config: { host: string; port: number }) => Promise<Server>;
const startServer: StartServer =
  (sesLocal as unknown as { default?: StartServer }).default ?? (sesLocal as unknown as StartServer);

/**
 * Starts aws-ses-v2-local in-process: it captures SES v1 SendEmail and shows the mail in a viewer.
 * With `onIncident`, a server that stops while the system runs is started again on the same port;
 * the mail it holds lives in the package's module state, so the inbox keeps every mail.
 */
export async function startSesLocal(options: { port?: number; onIncident?: (incident: LocalServiceIncident) => void } = {}): Promise<SesLocal> {
  const port = await reservePort(options.port ?? 0, 'ses');
  let server: Server = await startServer({ host: '127.0.0.1', port });
  const endpoint = `http://127.0.0.1:${port}`;
  // The package keeps its mail in module state, shared by every server in this process: start empty.
  await fetch(`${endpoint}/clear-store`, { method: 'POST' });
  let stopping = false;
  const supervise = (running: Server) => {
    running.once('close', async () => {
      if (stopping || !options.onIncident) return;
      try {
        server = await startServer({ host: '127.0.0.1', port });
        supervise(server);
        options.onIncident({ service: 'SES local', message: `SES local (poort ${port}) is onverwacht gestopt en weer gestart; het postvak is bewaard.`, fatal: false });
      } catch (error) {
        options.onIncident({ service: 'SES local', message: `SES local (poort ${port}) is onverwacht gestopt en start niet opnieuw: ${(error as Error).message}`, fatal: true });
      }
    });
  };
  supervise(server);
  return {
    endpoint,
    inboxUrl: endpoint,
    server: () => server,
    stop: () => {
      stopping = true;
      return new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      });
    },
  };
}
