import { S3Client } from '@aws-sdk/client-s3';
import { z } from 'zod';
import { S3DocumentStore } from '../../adapters/s3-documents.js';
import { tracer } from '../../adapters/tracer.js';
import { readEnv } from './read.js';

const schema = z.object({ DOCUMENTS_BUCKET: z.string().min(3), AWS_REGION: z.string().min(1) });

/** The documents bucket (`DOCUMENTS_BUCKET`), and the origin browsers post PDFs to, for the pages' form-action. */
export function documentsFromEnv(fn: string): { documents: S3DocumentStore; uploadOrigin: string } {
  const e = readEnv(fn, schema);
  return { documents: new S3DocumentStore(tracer.captureAWSv3Client(new S3Client({})), e.DOCUMENTS_BUCKET), uploadOrigin: `https://${e.DOCUMENTS_BUCKET}.s3.${e.AWS_REGION}.amazonaws.com` };
}
