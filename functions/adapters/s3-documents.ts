import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createPresignedPost } from '@aws-sdk/s3-presigned-post';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { MAX_ATTACHMENT_BYTES } from '../core/attachment.js';
import { attachmentDisposition, DOWNLOAD_SECONDS, TICKET_SECONDS, type DocumentStore, type UploadTicket } from './documents.js';

/** S3, private and encrypted; the browser uploads with a presigned POST, never through Lambda. */
export class S3DocumentStore implements DocumentStore {
  constructor(
    private readonly s3: S3Client,
    private readonly bucket: string,
  ) {}

  async presignUpload(keyPrefix: string, redirect: string): Promise<UploadTicket> {
    return createPresignedPost(this.s3, {
      Bucket: this.bucket,
      Key: `${keyPrefix}\${filename}`,
      Conditions: [
        ['starts-with', '$key', keyPrefix],
        ['content-length-range', 1, MAX_ATTACHMENT_BYTES],
        ['eq', '$Content-Type', 'application/pdf'],
        ['eq', '$success_action_redirect', redirect],
      ],
      Fields: { 'Content-Type': 'application/pdf', success_action_redirect: redirect },
      Expires: TICKET_SECONDS,
    });
  }

  presignDownload(key: string, fileName: string): Promise<string> {
    const get = new GetObjectCommand({ Bucket: this.bucket, Key: key, ResponseContentType: 'application/pdf', ResponseContentDisposition: attachmentDisposition(fileName) });
    return getSignedUrl(this.s3, get, { expiresIn: DOWNLOAD_SECONDS });
  }

  async read(key: string): Promise<Buffer | undefined> {
    try {
      const out = await this.s3.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      return Buffer.from(await out.Body!.transformToByteArray());
    } catch (error) {
      if ((error as { name?: string }).name === 'NoSuchKey') return undefined;
      throw error;
    }
  }
}
