/**
 * The AWS console sign-in, as plain data: which partition a region is in, its sign-in and console
 * hosts, the console page to land on (a region's home, a service, or a URL given), and the
 * federation URLs (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_enable-console-custom-url.html).
 */
import { usageError } from './errors.js';
import type { Env } from './model.js';

export interface Partition {
  readonly name: 'aws' | 'aws-cn' | 'aws-us-gov';
  /** Where role credentials become a sign-in token and the token a console session. */
  readonly signinBase: string;
  /** The console's host; regional consoles are subdomains of it. */
  readonly consoleHost: string;
}

const PARTITIONS: readonly Partition[] = [
  { name: 'aws', signinBase: 'https://signin.aws.amazon.com', consoleHost: 'console.aws.amazon.com' },
  { name: 'aws-cn', signinBase: 'https://signin.amazonaws.cn', consoleHost: 'console.amazonaws.cn' },
  {
    name: 'aws-us-gov',
    signinBase: 'https://signin.amazonaws-us-gov.com',
    consoleHost: 'console.amazonaws-us-gov.com',
  },
];

/** The federation endpoint's range for SessionDuration, in seconds. */
export const MIN_SESSION_DURATION = 900;
export const MAX_SESSION_DURATION = 43_200;

/** What a region name looks like: `eu-central-1`, `us-gov-west-1`, `cn-north-1`. */
const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/**
 * The partition of a region. The ISO partitions and the European Sovereign Cloud have no public
 * console federation this tool knows, so they are refused rather than sent to the wrong host.
 */
export function partitionOf(region: string): Partition {
  if (!REGION.test(region))
    throw usageError(`${JSON.stringify(region)} is not a region name such as eu-central-1.`);
  if (region.startsWith('cn-')) return PARTITIONS[1]!;
  if (region.startsWith('us-gov-')) return PARTITIONS[2]!;
  if (/^(us-iso|eusc-)/.test(region)) {
    throw usageError(`the console of region ${region} cannot be opened by federation from here.`);
  }
  return PARTITIONS[0]!;
}

/** Services whose console path is not `<name>/home`; a `#` part is the page inside it. */
const SERVICE_PATHS: Readonly<Record<string, string>> = {
  codebuild: 'codesuite/codebuild/home',
  codecommit: 'codesuite/codecommit/home',
  codedeploy: 'codesuite/codedeploy/home',
  codepipeline: 'codesuite/codepipeline/home',
  costexplorer: 'cost-management/home',
  dynamodb: 'dynamodbv2/home',
  elb: 'ec2/home#LoadBalancers:',
  identitycenter: 'singlesignon/home',
  logs: 'cloudwatch/home#logsV2:log-groups',
  organizations: 'organizations/v2/home',
  route53: 'route53/v2/home',
  sfn: 'states/home',
  sns: 'sns/v3/home',
  sqs: 'sqs/v3/home',
  sso: 'singlesignon/home',
  ssm: 'systems-manager/home',
  stepfunctions: 'states/home',
  vpc: 'vpcconsole/home',
};

/** A service name that is its own console path: `ec2`, `s3`, `cloudwatch`, `secretsmanager`. */
const PLAIN_SERVICE = /^[a-z][a-z0-9-]{0,39}$/;

/** The console page to land on. */
export type Destination =
  | { readonly kind: 'home' }
  | { readonly kind: 'service'; readonly service: string }
  | { readonly kind: 'url'; readonly url: string };

/**
 * The console URL for `destination` in `region`, on the region's partition. A URL given must be an
 * https URL on that partition's console host (or a regional subdomain of it): the login URL sends
 * a signed-in browser there, so it must not lead anywhere else.
 */
export function consoleDestination(destination: Destination, region: string): string {
  const { consoleHost } = partitionOf(region);
  const query = `?region=${encodeURIComponent(region)}`;
  if (destination.kind === 'home') return `https://${consoleHost}/console/home${query}`;
  if (destination.kind === 'service') {
    const service = destination.service.toLowerCase();
    const known = SERVICE_PATHS[service];
    if (!known && !PLAIN_SERVICE.test(service)) {
      throw usageError(
        `${JSON.stringify(destination.service)} is not a service name such as s3, ec2 or iam.`,
        'Give the console page itself with --destination URL.',
      );
    }
    const [path, page] = (known ?? `${service}/home`).split('#');
    return `https://${consoleHost}/${path}${query}${page === undefined ? '' : `#${page}`}`;
  }
  let url: URL;
  try {
    url = new URL(destination.url);
  } catch {
    throw usageError(`--destination ${JSON.stringify(destination.url)} is not a URL.`);
  }
  const host = url.hostname.toLowerCase();
  const onConsole = host === consoleHost || host.endsWith(`.${consoleHost}`);
  if (
    url.protocol !== 'https:' ||
    !onConsole ||
    url.port !== '' ||
    url.username !== '' ||
    url.password !== ''
  ) {
    throw usageError(
      `--destination must be an https URL on ${consoleHost} (the console of region ${region}'s partition).`,
    );
  }
  return url.href;
}

const LOOPBACK = /^(127(\.\d{1,3}){3}|\[::1\]|localhost)$/i;

/**
 * The sign-in endpoint's base URL: the partition's, or `AWS_ENDPOINT_URL_SIGNIN` (the AWS SDKs'
 * `AWS_ENDPOINT_URL_<SERVICE>` convention, ignored with `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS`).
 * Role credentials travel in its query string, so plain http is only taken for this machine.
 */
export function signinBase(env: Env, partition: Partition): string {
  const raw = env.AWS_ENDPOINT_URL_SIGNIN;
  if (raw === undefined || raw === '' || env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS?.toLowerCase() === 'true') {
    return partition.signinBase;
  }
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw usageError(`AWS_ENDPOINT_URL_SIGNIN=${JSON.stringify(raw)} is not a URL.`);
  }
  const secure = url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.test(url.hostname));
  if (!secure || url.username !== '' || url.password !== '' || url.search !== '' || url.hash !== '') {
    throw usageError(
      `AWS_ENDPOINT_URL_SIGNIN=${JSON.stringify(raw)} must be an https URL (http only on this machine), without a query.`,
    );
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

/** The role credentials the federation endpoint takes, as plain strings (they go on the wire). */
export interface FederationSession {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken: string;
}

/** `{base}/federation?Action=getSigninToken…`: the URL holds the credentials. */
export function signinTokenUrl(base: string, session: FederationSession, durationSeconds?: number): string {
  const json = JSON.stringify({
    sessionId: session.accessKeyId,
    sessionKey: session.secretAccessKey,
    sessionToken: session.sessionToken,
  });
  const duration = durationSeconds === undefined ? '' : `&SessionDuration=${durationSeconds}`;
  return `${base}/federation?Action=getSigninToken${duration}&Session=${encodeURIComponent(json)}`;
}

/** `{base}/federation?Action=login…`: a bearer link to the console, good for about 15 minutes. */
export function loginUrl(base: string, issuer: string, destination: string, signinToken: string): string {
  return (
    `${base}/federation?Action=login&Issuer=${encodeURIComponent(issuer)}` +
    `&Destination=${encodeURIComponent(destination)}&SigninToken=${encodeURIComponent(signinToken)}`
  );
}

/** A SigninToken is opaque, but a plain one: printable ASCII without spaces, of a sane length. */
export function isPlainToken(value: unknown): value is string {
  return typeof value === 'string' && /^[\x21-\x7e]{1,16384}$/.test(value);
}
