import middy, { type MiddlewareObj } from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { Logger } from '@aws-lambda-powertools/logger';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { logger } from '../adapters/logger.js';
import { metrics } from '../adapters/metrics.js';

/** What the stack reports to. @default the functions' logger and metrics */
export interface TaskTools {
  logger: Logger;
  metrics: Metrics;
}

/**
 * The task stack (Step Functions tasks and the SNS handler), in this order: the Lambda context
 * for the logger first, then the metrics flush. middy runs `after` and `onError` in reverse, so
 * the figures are flushed after the handler, also when it throws, and while the log still carries
 * the request id. Nothing maps errors: Step Functions retries and catches by the error's name, so
 * the handler's own error must reach the runtime unchanged.
 */
export function taskMiddlewares(tools: TaskTools = { logger, metrics }): MiddlewareObj[] {
  return [injectLambdaContext(tools.logger, { logEvent: false }), logMetrics(tools.metrics)];
}

/** A task or event handler wrapped in the task stack, for a Lambda entry. */
export function taskHandler<E, R>(handler: (event: E, context: Context) => Promise<R>, tools?: TaskTools) {
  return middy<E, R>().use(taskMiddlewares(tools)).handler(handler);
}
