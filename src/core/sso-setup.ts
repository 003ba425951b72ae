/**
 * What `init` needs to write an `[sso-session]` section as `aws configure sso-session` would: the
 * checks of the start URL and region, and a session name made from the start URL.
 */
import { safeName } from './naming.js';

/** The form of an AWS region name: `eu-central-1`, `us-gov-west-1`, `ap-southeast-4`. */
export const SSO_REGION = /^[a-z]{2,4}(-[a-z]+)+-\d+$/;

/** The scopes AWS CLI v2 writes for a new session, and what a profile's sign-in needs. */
export const DEFAULT_REGISTRATION_SCOPES = 'sso:account:access';

/** What is wrong with a start URL, or undefined: it must be an https URL with a host. */
export function startUrlProblem(url: string): string | undefined {
  if (url === '') return 'the start URL is empty';
  if (/[\s\x00-\x1f\x7f-\x9f]/.test(url)) return 'the start URL holds white space or a control character';
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'the start URL is not a URL (expected e.g. https://acme.awsapps.com/start)';
  }
  if (parsed.protocol !== 'https:') return 'the start URL must begin with https://';
  if (parsed.hostname === '') return 'the start URL has no host';
  if (parsed.username !== '' || parsed.password !== '')
    return 'the start URL must not hold a user name or password';
  return undefined;
}

/** What is wrong with an IAM Identity Center region, or undefined. */
export function ssoRegionProblem(region: string): string | undefined {
  return SSO_REGION.test(region) ? undefined : 'the region is not an AWS region name such as eu-central-1';
}

/** What a session name may hold: what a section header and a profile name can hold as they are. */
const SESSION_NAME = /^[A-Za-z0-9._-]{1,64}$/;

/** What is wrong with a session name, or undefined. */
export function sessionNameProblem(name: string): string | undefined {
  return SESSION_NAME.test(name)
    ? undefined
    : 'the session name may hold only letters, digits, ".", "_" and "-" (at most 64)';
}

/**
 * The session name a start URL suggests: its host's first label (`https://acme.awsapps.com/start`
 * → `acme`), lower-cased and cut to what a session name may hold; `sso` when nothing is left.
 */
export function sessionNameFor(startUrl: string): string {
  let host: string;
  try {
    host = new URL(startUrl).hostname;
  } catch {
    host = '';
  }
  const name = safeName(host.split('.')[0]!.toLowerCase()).slice(0, 64).replace(/-+$/, '');
  return name === '' ? 'sso' : name;
}
