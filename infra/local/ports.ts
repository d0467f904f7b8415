import { createServer } from 'node:net';

/** A problem with the local set-up, told in one line instead of a stack trace. */
export class LocalSetupError extends Error {
  override name = 'LocalSetupError';
}

/** Fails with one clear line when the port is taken; 0 asks the system for a free port. */
export async function reservePort(port: number, what: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(
        error.code === 'EADDRINUSE'
          ? new LocalSetupError(`Poort ${port} (${what}) is bezet. Stop het andere programma, of kies een andere poort met --${what}-port.`)
          : error,
      );
    });
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      const chosen = typeof address === 'object' && address ? address.port : port;
      server.close(() => resolve(chosen));
    });
  });
}

/**
 * A local service (DynamoDB Local, SES local) that stopped while the system ran, and what happened
 * next: `fatal` when it could not be brought back, so the caller stops; otherwise it runs again.
 */
export interface LocalServiceIncident {
  service: 'DynamoDB Local' | 'SES local';
  /** One Dutch line for the terminal. */
  message: string;
  fatal: boolean;
}
