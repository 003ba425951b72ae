/**
 * Console: the AWS console in a profile's account and role. Role credentials (as `credentials`
 * gets them) become a SigninToken at the sign-in federation endpoint, and the token a login URL.
 * That URL is a bearer link, good for about 15 minutes: it stays a Secret here, and is opened in
 * the browser or handed to the caller, never reported.
 */
import {
  consoleDestination,
  loginUrl,
  MAX_SESSION_DURATION,
  MIN_SESSION_DURATION,
  partitionOf,
  signinBase,
  type Destination,
} from '../core/console-url.js';
import { usageError } from '../core/errors.js';
import { Secret } from '../core/secret.js';
import { timeoutsFromEnv } from '../sso/clients.js';
import { getSigninToken } from '../sso/federation.js';
import { profileName, resolveProfile, roleCredentials } from '../state/role-credentials.js';
import { launchBrowser } from '../system/browser.js';
import type { Runtime } from './runtime.js';

export interface ConsoleInput {
  /** Default: `$AWS_PROFILE`. */
  readonly profile?: string;
  /** The console's region; default: the profile's `region`, else its sso-session's `sso_region`. */
  readonly region?: string;
  /** A service's console (`s3`, `ec2`, …) instead of the region's console home. */
  readonly service?: string;
  /** A console URL to land on, on the partition's console host. */
  readonly destination?: string;
  /** The console session's length, in seconds (900–43200); default: the endpoint's (an hour). */
  readonly durationSeconds?: number;
  /** Open the URL in the browser (default), or only return it. */
  readonly open?: boolean;
}

export interface ConsoleResult {
  readonly profile: string;
  readonly accountId: string;
  readonly accountName: string | null;
  readonly role: string;
  readonly region: string;
  /** The console page the login lands on (no secret in it). */
  readonly destination: string;
  /** Whether a browser was started with the URL; false when it was not asked to. */
  readonly opened: boolean;
  /** The login URL: a bearer link. Only when it was not opened. */
  readonly url?: Secret;
}

function destinationOf(input: ConsoleInput): Destination {
  if (input.service !== undefined && input.destination !== undefined) {
    throw usageError('give either --service or --destination, not both.');
  }
  if (input.service !== undefined) return { kind: 'service', service: input.service };
  if (input.destination !== undefined) return { kind: 'url', url: input.destination };
  return { kind: 'home' };
}

export async function openConsole(rt: Runtime, input: ConsoleInput): Promise<ConsoleResult> {
  const duration = input.durationSeconds;
  if (
    duration !== undefined &&
    !(Number.isInteger(duration) && duration >= MIN_SESSION_DURATION && duration <= MAX_SESSION_DURATION)
  ) {
    throw usageError(
      `--duration must be a whole number of seconds from ${MIN_SESSION_DURATION} to ${MAX_SESSION_DURATION}.`,
    );
  }
  const resolved = resolveProfile(rt.env, profileName(rt.env, input.profile));
  const { target } = resolved;
  const region = input.region ?? target.region ?? target.session.region;
  // The credentials are of the partition where the session signs in; the console must be too.
  const partition = partitionOf(target.session.region);
  if (partitionOf(region).name !== partition.name) {
    throw usageError(
      `region ${region} is not in partition ${partition.name}, where sso-session ${target.session.name} (${target.session.region}) signs in.`,
    );
  }
  const destination = consoleDestination(destinationOf(input), region);
  const base = signinBase(rt.env, partition);
  const debug = (text: string) => rt.reporter.notify({ kind: 'debug', text });
  const { credentials } = await roleCredentials(rt.env, rt.now, resolved, debug);
  const token = await getSigninToken({
    base,
    session: {
      accessKeyId: credentials.AccessKeyId,
      secretAccessKey: credentials.SecretAccessKey,
      sessionToken: credentials.SessionToken,
    },
    ...(duration === undefined ? {} : { durationSeconds: duration }),
    timeoutMs: timeoutsFromEnv(rt.env).requestMs,
    debug,
  });
  // The Issuer is where the console sends the user when the session ends: the access portal.
  const url = new Secret(loginUrl(base, target.session.startUrl, destination, token.reveal()));
  const result = {
    profile: target.profile,
    accountId: target.accountId,
    accountName: resolved.accountName,
    role: target.role,
    region,
    destination,
  };
  if (input.open === false) return { ...result, opened: false, url };
  return { ...result, opened: await launchBrowser(url.reveal(), rt.env) };
}
