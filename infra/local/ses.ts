import type { Server } from 'node:http';
import sesLocal from 'aws-ses-v2-local';
import { reservePort } from './ports.js';

export interface SesLocal {
  endpoint: string;
  /** The inbox viewer in the browser. */
  inboxUrl: string;
  stop(): Promise<void>;
}

// The package is CommonJS with an ESM-style default export: under Node's ESM loader it arrives wrapped.
type StartServer = (config: { host: string; port: number }) => Promise<Server>;
const startServer: StartServer =
  (sesLocal as unknown as { default?: StartServer }).default ?? (sesLocal as unknown as StartServer);

/** Starts aws-ses-v2-local in-process: it captures SES v1 SendEmail and shows the mail in a viewer. */
export async function startSesLocal(options: { port?: number } = {}): Promise<SesLocal> {
  const port = await reservePort(options.port ?? 0, 'ses');
  const server: Server = await startServer({ host: '127.0.0.1', port });
  const endpoint = `http://127.0.0.1:${port}`;
  // The package keeps its mail in module state, shared by every server in this process: start empty.
  await fetch(`${endpoint}/clear-store`, { method: 'POST' });
  return {
    endpoint,
    inboxUrl: endpoint,
    stop: () => new Promise<void>((done) => {
      server.closeAllConnections();
      server.close(() => done());
    }),
  };
}
