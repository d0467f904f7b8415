import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * One tracer for every function; the entries' builders pass each AWS SDK client through
 * `tracer.captureAWSv3Client`, so every call is a subsegment of the invocation's X-Ray trace (the
 * trace id the Lambda runtime sets per invocation in `_X_AMZN_TRACE_ID`). Powertools switches it
 * off outside the Lambda runtime (no `AWS_EXECUTION_ENV`), where the clients are returned as they are.
 */
export const tracer = new Tracer({ serviceName: 'prestatiecyclus' });
