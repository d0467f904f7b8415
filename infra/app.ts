import { buildApp, DeployContextError } from './build-app.js';

try {
  buildApp();
} catch (error) {
  if (!(error instanceof DeployContextError)) throw error;
  // The message is the help: what is missing and a whole command line, without a stack trace.
  console.error(error.message);
  process.exit(1);
}
