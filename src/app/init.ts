/**
 * Init: the setup that otherwise needs AWS CLI v2 (`aws configure sso-session`, then
 * `aws sso login`). It writes the `[sso-session]` section as the AWS CLI would, with the lossless
 * editor under the config's lock, then signs in to it.
 */
import { readConfigFile } from '../config/file.js';
import { lockWaitText } from '../config/lock.js';
import { configFilePath } from '../config/paths.js';
import { ensureSsoSession, resolveSession } from '../config/sessions.js';
import { usageError } from '../core/errors.js';
import {
  DEFAULT_REGISTRATION_SCOPES,
  sessionNameFor,
  sessionNameProblem,
  ssoRegionProblem,
  startUrlProblem,
} from '../core/sso-setup.js';
import { escapeControls, quoteValue } from '../core/untrusted-text.js';
import { assertTokenCacheWritable, signInToSession } from '../sso/session-sign-in.js';
import { openBrowser } from '../system/browser.js';
import type { Runtime } from './runtime.js';

export interface InitInput {
  /** The AWS access portal URL, such as `https://acme.awsapps.com/start`. */
  readonly startUrl: string;
  /** The region of IAM Identity Center. */
  readonly ssoRegion: string;
  /** The section's name; by default the start URL's subdomain (`acme`). */
  readonly ssoSession?: string;
  /** The device-authorization flow, for a machine without a browser. */
  readonly useDeviceCode?: boolean;
  /** Open the sign-in page in the desktop's browser (the default). */
  readonly openBrowser?: boolean;
}

export interface InitResult {
  readonly session: string;
  readonly configFile: string;
  /** `created`: the section was written now; `exists`: it was there, with the same start URL. */
  readonly section: 'created' | 'exists';
  readonly expiresAt: Date;
  readonly tokenCache: string;
}

function checked(input: InitInput): { name: string; startUrl: string; region: string } {
  const urlProblem = startUrlProblem(input.startUrl);
  if (urlProblem) throw usageError(`--start-url ${quoteValue(input.startUrl)}: ${urlProblem}.`);
  const regionProblem = ssoRegionProblem(input.ssoRegion);
  if (regionProblem) throw usageError(`--sso-region ${quoteValue(input.ssoRegion)}: ${regionProblem}.`);
  const name = input.ssoSession ?? sessionNameFor(input.startUrl);
  const nameProblem = sessionNameProblem(name);
  if (nameProblem) throw usageError(`--sso-session ${quoteValue(name)}: ${nameProblem}.`);
  return { name, startUrl: input.startUrl, region: input.ssoRegion };
}

export async function init(rt: Runtime, input: InitInput): Promise<InitResult> {
  const { name, startUrl, region } = checked(input);
  // Before the config changes: a sign-in whose token cannot be saved would leave half a setup.
  assertTokenCacheWritable(rt.env, 'this init again');
  const path = configFilePath(rt.env);
  const section = await ensureSsoSession(
    path,
    { name, startUrl, region, registrationScopes: DEFAULT_REGISTRATION_SCOPES },
    { onWait: (holder) => rt.reporter.notify({ kind: 'warning', text: lockWaitText(holder) }) },
  );
  // The section as the file now holds it: an existing one keeps its own region and scopes.
  const session = resolveSession(readConfigFile(path).document, name);
  if (session.region !== region) {
    rt.reporter.notify({
      kind: 'warning',
      text: escapeControls(
        `[sso-session ${name}] already exists with sso_region ${session.region}, not ${region}; signing in with ${session.region}.`,
      ),
    });
  }
  const signedIn = await signInToSession({
    env: rt.env,
    now: rt.now,
    session,
    useDeviceCode: input.useDeviceCode === true,
    ...(input.openBrowser === false ? {} : { openBrowser }),
    showPage: (page) => rt.reporter.notify({ kind: 'sign-in-page', session: name, ...page }),
  });
  return { session: name, configFile: path, section, ...signedIn };
}
