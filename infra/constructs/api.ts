import { RemovalPolicy, Validations } from 'aws-cdk-lib';
import { CfnStage, HttpApi, HttpMethod, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { httpRoutes, type HttpFunction } from '../../functions/http/routes.js';
import { openRouteReasons } from '../nag.js';

export interface ApiProps {
  functions: Record<HttpFunction, IFunction>;
  /** The JWT authorizer of the coordinator routes (Cognito). */
  coordinatorAuthorizer: IHttpRouteAuthorizer;
  /** Switch the execute-api address off, when a custom domain serves the API (so there is one address). @default false */
  disableExecuteApiEndpoint?: boolean;
}

/**
 * The HTTP API, with the route table the local gateway uses. Link routes are public (the token is
 * the credential); API routes need a coordinator's Cognito token (JWT authorizer); dashboard pages
 * carry the same token in their session cookie, which their function checks.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', { description: 'prestatiecyclus', disableExecuteApiEndpoint: props.disableExecuteApiEndpoint });
    const coordinatorAuth = props.coordinatorAuthorizer;
    const integrations = new Map<HttpFunction, HttpLambdaIntegration>();
    for (const route of httpRoutes) {
      let integration = integrations.get(route.fn);
      if (!integration) {
        integration = new HttpLambdaIntegration(`${route.fn}Integration`, props.functions[route.fn]);
        integrations.set(route.fn, integration);
      }
      const routes = this.httpApi.addRoutes({
        path: route.path,
        methods: [HttpMethod[route.method]],
        integration,
        authorizer: route.access === 'api' ? coordinatorAuth : undefined,
      });
      if (route.access !== 'api') for (const r of routes) Validations.of(r).acknowledge({ id: 'AwsSolutions-APIG4', reason: openRouteReasons[route.access] });
    }
    // Access logs without the path: it carries signed tokens.
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.ONE_YEAR, removalPolicy: RemovalPolicy.RETAIN });
    const stage = this.httpApi.defaultStage!.node.defaultChild as CfnStage;
    stage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        routeKey: '$context.routeKey',
        status: '$context.status',
        latency: '$context.responseLatency',
        time: '$context.requestTime',
      }),
    };
    stage.defaultRouteSettings = { throttlingBurstLimit: 50, throttlingRateLimit: 20 };
  }
}
