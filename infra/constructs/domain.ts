import { ApiMapping, DomainName, EndpointType, SecurityPolicy, type IHttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import { Certificate } from 'aws-cdk-lib/aws-certificatemanager';
import { Construct } from 'constructs';

/** A custom domain for the API: its name and an existing ACM certificate for it, in the stack's region. */
export interface CustomDomainConfig {
  /** e.g. `prestatieafspraken.leusden.nl`; publicBaseUrl is then `https://<domainName>`. */
  domainName: string;
  /** The certificate's ARN; a regional API domain takes a certificate of its own region. */
  certificateArn: string;
}

export interface DomainProps extends CustomDomainConfig {
  /** The API served at the domain's root; create it with its execute-api endpoint switched off. */
  httpApi: IHttpApi;
}

/**
 * The API under the municipality's own name (regional endpoint, TLS 1.2): links in mails keep
 * working when the API is rebuilt, and the execute-api address is switched off so there is one.
 */
export class Domain extends Construct {
  readonly domainName: DomainName;

  constructor(scope: Construct, id: string, props: DomainProps) {
    super(scope, id);
    this.domainName = new DomainName(this, 'DomainName', {
      domainName: props.domainName,
      certificate: Certificate.fromCertificateArn(this, 'Certificate', props.certificateArn),
      endpointType: EndpointType.REGIONAL,
      securityPolicy: SecurityPolicy.TLS_1_2,
    });
    new ApiMapping(this, 'Mapping', { api: props.httpApi, domainName: this.domainName });
  }

  /** Where the domain's CNAME (or alias) points. */
  get target(): string {
    return this.domainName.regionalDomainName;
  }
}
