import { RemovalPolicy, Stack, Validations, type CfnElement } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Bindable } from './keys.js';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';

/**
 * The PDFs of submissions: private, encrypted, versioned, TLS only. Browsers upload with a presigned
 * POST (limited to one prefix, PDF, 10 MB); only the link-page function reads them.
 */
export class Documents extends Construct {
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const accessLogs = new Bucket(this, 'AccessLogs', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({ id: 'AwsSolutions-S1', reason: 'This is the access-log bucket of the documents bucket; logging it again would recurse.' });
    this.bucket = new Bucket(this, 'Bucket', {
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'documenten/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
  }

  /**
   * Lets the function read uploaded PDFs and presign their upload (a presigned POST is signed with
   * the function's own role, so it may put them); sets DOCUMENTS_BUCKET.
   */
  bindUploads(fn: Bindable & Construct): void {
    fn.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['s3:GetObject', 's3:PutObject'], resources: [this.bucket.arnForObjects('bijlagen/*')] }));
    // Without ListBucket S3 answers a key that was never uploaded with AccessDenied instead of
    // NoSuchKey, and the page could not tell the party to upload again. Limited to the uploads.
    fn.grantPrincipal.addToPrincipalPolicy(
      new PolicyStatement({ actions: ['s3:ListBucket'], resources: [this.bucket.bucketArn], conditions: { StringLike: { 's3:prefix': 'bijlagen/*' } } }),
    );
    fn.addEnvironment('DOCUMENTS_BUCKET', this.bucket.bucketName);
    Validations.of(fn).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${Stack.of(this).getLogicalId(this.bucket.node.defaultChild as CfnElement)}.Arn>/bijlagen/*]`,
      reason: 'Uploads get a fresh key per form under bijlagen/; the function reads and presigns only there.',
    });
  }
}
