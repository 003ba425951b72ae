/** `aws-org-profiles emulator`: the Identity Center emulator as a foreground server. */
import { readFileSync } from 'node:fs';
import { configFilePath } from '../config/paths.js';
import { ensureSsoSession } from '../config/sessions.js';
import { AppError, usageError } from '../core/errors.js';
import { Secret } from '../core/secret.js';
import {
  FAULT_MODES,
  FAULT_OPERATIONS,
  generateOrganization,
  IdentityCenterEmulator,
  parseOrganization,
  type FaultMode,
  type FaultRule,
  type Organization,
} from '../emulator/index.js';
import { writeSessionToken } from '../sso/token-cache.js';
import { printJson, tildify, type Io } from './io.js';

export interface EmulatorCliOptions {
  readonly org?: string;
  readonly accounts?: string;
  readonly rolesPerAccount?: string;
  readonly oddNames?: boolean;
  readonly seed?: string;
  readonly port?: string;
  readonly pageSize?: string;
  readonly latency?: string;
  readonly rate?: string;
  readonly burst?: string;
  readonly faultRate?: string;
  readonly signIn?: string;
  readonly token?: string;
  readonly tokenTtl?: string;
  readonly fault?: readonly string[];
  readonly dripInterval?: string;
  readonly json?: boolean;
}

/** The start URL of sessions that point at the emulator. */
export const EMULATOR_START_URL = 'https://emulator.awsapps.com/start';
export const EMULATOR_REGION = 'eu-central-1';

function number(name: string, value: string | undefined, min: number, integer = true): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min || (integer && !Number.isInteger(n))) {
    throw usageError(
      `--${name} must be ${integer ? 'an integer' : 'a number'} of at least ${min}, not ${JSON.stringify(value)}`,
    );
  }
  return n;
}

/** `MODE[:OPERATION,...][@RATE]`, e.g. `stall:ListAccountRoles@0.1` or `cycle-tokens:ListAccounts`. */
export function parseFaultSpec(spec: string): FaultRule {
  const match = /^([a-z-]+)(?::([A-Za-z,]+))?(?:@([0-9.]+))?$/.exec(spec);
  const mode = match?.[1];
  if (!match || !(FAULT_MODES as readonly string[]).includes(mode ?? '')) {
    throw usageError(
      `--fault ${JSON.stringify(spec)} is not MODE[:OPERATION,...][@RATE]; modes: ${FAULT_MODES.join(', ')}`,
    );
  }
  const operations = match[2]?.split(',').filter(Boolean);
  const unknown = operations?.find((op) => !FAULT_OPERATIONS.includes(op));
  if (unknown !== undefined) {
    throw usageError(`--fault: unknown operation ${unknown}; operations: ${FAULT_OPERATIONS.join(', ')}`);
  }
  const rate = match[3] === undefined ? undefined : Number(match[3]);
  if (rate !== undefined && !(rate >= 0 && rate <= 1)) {
    throw usageError(`--fault: the rate in ${JSON.stringify(spec)} must be between 0 and 1`);
  }
  return {
    mode: mode as FaultMode,
    ...(operations && operations.length > 0 ? { operations } : {}),
    ...(rate === undefined ? {} : { rate }),
  };
}

function loadOrg(options: EmulatorCliOptions): Organization {
  if (options.org !== undefined) {
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(options.org, 'utf8'));
    } catch (error) {
      throw usageError(`cannot read the organisation file ${options.org}: ${(error as Error).message}`);
    }
    try {
      return parseOrganization(json, options.org);
    } catch (error) {
      throw usageError((error as Error).message);
    }
  }
  return generateOrganization({
    accounts: number('accounts', options.accounts, 0) ?? 40,
    rolesPerAccount: number('roles-per-account', options.rolesPerAccount, 0) ?? 3,
    seed: number('seed', options.seed, 0) ?? 1,
    oddNames: options.oddNames === true,
  });
}

/** Makes the emulator usable from `io.env`'s HOME: an [sso-session] and a cached token, as after `aws sso login`. */
export async function signIn(
  io: Pick<Io, 'env' | 'now'>,
  emulator: IdentityCenterEmulator,
  session: string,
): Promise<{ configFile: string; tokenFile: string }> {
  const configFile = configFilePath(io.env);
  await ensureSsoSession(configFile, {
    name: session,
    startUrl: EMULATOR_START_URL,
    region: EMULATOR_REGION,
  });
  const expiresAt = new Date(io.now().getTime() + 8 * 3600_000);
  const token = emulator.issueToken({ expiresAt });
  const tokenFile = writeSessionToken(io.env, session, {
    accessToken: new Secret(token),
    expiresAt,
    startUrl: EMULATOR_START_URL,
    region: EMULATOR_REGION,
  });
  return { configFile, tokenFile };
}

export async function runEmulator(io: Io, options: EmulatorCliOptions): Promise<number> {
  const org = loadOrg(options);
  const rate = number('rate', options.rate, 0, false);
  // Read before the start, so that a bad spec is a usage error, not a failed start.
  const faults = (options.fault ?? []).map(parseFaultSpec);
  const dripIntervalMs = number('drip-interval', options.dripInterval, 1, false) ?? 1000;
  let emulator: IdentityCenterEmulator;
  try {
    emulator = await IdentityCenterEmulator.start({
      org,
      port: number('port', options.port, 0) ?? 0,
      pageSize: number('page-size', options.pageSize, 1) ?? 20,
      latencyMs: number('latency', options.latency, 0, false) ?? 0,
      faultRate: number('fault-rate', options.faultRate, 0, false) ?? 0,
      seed: number('seed', options.seed, 0) ?? 1,
      accessTokenTtlSeconds: number('token-ttl', options.tokenTtl, 1) ?? 28_800,
      faults,
      dripIntervalMs,
      ...(rate === undefined ? {} : { rateLimit: { rate, burst: number('burst', options.burst, 1) ?? 20 } }),
      ...(options.token ? { tokens: [{ token: options.token }] } : {}),
    });
  } catch (error) {
    throw new AppError('EMULATOR', `cannot start the emulator: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const signedIn = options.signIn ? await signIn(io, emulator, options.signIn) : undefined;
  const env = {
    AWS_ENDPOINT_URL_SSO: emulator.url,
    AWS_ENDPOINT_URL_SSO_OIDC: emulator.url,
    AWS_ENDPOINT_URL_STS: emulator.url,
  };
  if (options.json) {
    printJson(io, {
      version: 1,
      url: emulator.url,
      accounts: org.accounts.length,
      env,
      ...(signedIn ? { ssoSession: options.signIn, ...signedIn } : {}),
    });
  } else {
    for (const [k, v] of Object.entries(env)) io.stdout.write(`export ${k}=${v}\n`);
    io.stderr.write(`Identity Center emulator on ${emulator.url} with ${org.accounts.length} accounts.\n`);
    if (signedIn) {
      io.stderr.write(
        `Signed in as sso-session ${options.signIn}: ${tildify(io, signedIn.configFile)}, token in ${tildify(io, signedIn.tokenFile)}.\n`,
      );
    }
    io.stderr.write('Press Ctrl-C to stop.\n');
  }
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  const stats = emulator.stats();
  await emulator.stop();
  io.stderr.write(
    `Served ${stats.totalRequests} requests (${stats.throttled} throttled, ${stats.faults} faults).\n`,
  );
  return 0;
}
