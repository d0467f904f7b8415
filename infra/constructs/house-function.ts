import { Duration, Validations } from 'aws-cdk-lib';
import { Architecture, LoggingFormat, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type NodejsFunctionProps } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import { RemovalPolicy } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';

/** The table operations a function performs; a transaction is authorised per item it writes. */
export type TableOperation = 'GetItem' | 'Query' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'ConditionCheckItem';

export interface HouseFunctionProps extends Omit<NodejsFunctionProps, 'entry'> {
  /** The entry under `functions/lambda/`, without extension, e.g. `plan`. */
  entryName: string;
  /** How long logs are kept. @default one year */
  logRetention?: RetentionDays;
  /** Files from installed packages to put next to the bundle: `{ folder: { file name: 'package/path' } }`. */
  packageFiles?: Record<string, Record<string, string>>;
}

/**
 * A Lambda function with the house defaults: Node.js 22 on arm64, an ESM esbuild bundle with source
 * maps, JSON logs through Powertools, a log group with retention, X-Ray tracing.
 */
export class HouseFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
    const { entryName, logRetention, environment, packageFiles, ...rest } = props;
    const copies = Object.entries(packageFiles ?? {}).flatMap(([folder, files]) =>
      Object.entries(files).map(([name, from]) => ({ folder, name, from })),
    );
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: logRetention ?? RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    super(scope, id, {
      entry: fileURLToPath(new URL(`../../functions/lambda/${entryName}.ts`, import.meta.url)),
      handler: 'handler',
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.seconds(29),
      tracing: Tracing.ACTIVE,
      loggingFormat: LoggingFormat.JSON,
      logGroup,
      bundling: {
        format: OutputFormat.ESM,
        sourceMap: true,
        minify: true,
        target: 'node22',
        mainFields: ['module', 'main'],
        // Some dependencies are CommonJS and call require(): give the ESM bundle one.
        banner: "import { createRequire } from 'module'; const require = createRequire(import.meta.url);",
        ...(copies.length
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) =>
                  copies.flatMap(({ folder, name, from }) => [`mkdir -p "${outputDir}/${folder}"`, `cp "${inputDir}/node_modules/${from}" "${outputDir}/${folder}/${name}"`]),
              },
            }
          : {}),
      },
      ...rest,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: 'prestatiecyclus',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...environment,
      },
    });
    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason: 'The Lambda basic execution role is the AWS-managed minimum for writing logs.',
      },
      { id: 'AwsSolutions-L1', reason: 'Functions pin Node.js 22, the runtime the project targets and tests on.' },
    );
  }

  /**
   * Grants exactly the table operations the function performs (the IAM test checks each against
   * the calls it makes) and tells the function the table's name, in one call.
   */
  bindTable(table: ITable, operations: readonly TableOperation[]): this {
    table.grant(this, ...operations.map((op) => `dynamodb:${op}`));
    this.addEnvironment('TABLE_NAME', table.tableName);
    return this;
  }

  /** Sets several environment variables at once (the site's address, a sign-in's configuration). */
  withEnvironment(variables: Record<string, string>): this {
    for (const [key, value] of Object.entries(variables)) this.addEnvironment(key, value);
    return this;
  }
}
