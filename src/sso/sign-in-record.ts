/**
 * Recording a sign-in as `aws configure sso-session` and `aws sso login` would: the
 * `[sso-session]` section in the config and the access token in the token cache. For a portal
 * that issues tokens on request (the emulator of the demo and of `emulator --sign-in`).
 */
import { configFilePath } from '../config/paths.js';
import { ensureSsoSession } from '../config/sessions.js';
import type { Env, SsoSession } from '../core/model.js';
import { Secret } from '../core/secret.js';
import { writeSessionToken } from './token-cache.js';

export interface TokenIssuer {
  issueToken(options: { expiresAt: Date }): string;
}

export interface RecordedSignIn {
  readonly configFile: string;
  readonly tokenFile: string;
}

/** How long a recorded token lasts: a working day, as a real sign-in's. */
const TOKEN_TTL_MS = 8 * 3600_000;

export async function recordSignIn(
  env: Env,
  now: () => Date,
  session: SsoSession,
  issuer: TokenIssuer,
): Promise<RecordedSignIn> {
  const configFile = configFilePath(env);
  await ensureSsoSession(configFile, session);
  const expiresAt = new Date(now().getTime() + TOKEN_TTL_MS);
  const tokenFile = writeSessionToken(env, session.name, {
    accessToken: new Secret(issuer.issueToken({ expiresAt })),
    expiresAt,
    startUrl: session.startUrl,
    region: session.region,
  });
  return { configFile, tokenFile };
}
