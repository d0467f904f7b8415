import { Logger } from '@aws-lambda-powertools/logger';

/**
 * One logger for every function. Log a code and ids only: never a token, an email address or
 * submitted text (the tests read the log output to make sure).
 */
export const logger = new Logger({ serviceName: 'prestatiecyclus' });
