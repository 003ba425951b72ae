/**
 * Emulator: the project's IAM Identity Center emulator (portal, SSO-OIDC, STS) on 127.0.0.1, for
 * tests and demos, optionally with a signed-in sso-session in the current HOME.
 */
import { AppError, usageError } from '../core/errors.js';
import type {
  EmulatorOptions,
  GenerateOptions,
  IdentityCenterEmulator,
  Organization,
} from '../emulator/index.js';
import { readRegularText } from '../files/read.js';
import type { RecordedSignIn } from '../sso/sign-in-record.js';
import type { Runtime } from './runtime.js';

// What describes and checks the emulator's options, without loading the emulator: the command
// line shows the fault modes in its help.
export { FAULT_MODES, type FaultRule } from '../emulator/fault-modes.js';
export { parseFaultSpec } from '../emulator/fault-spec.js';

export interface EmulatorInput {
  /** An organisation file (see the README), or a generated organisation. */
  readonly org: { readonly file: string } | GenerateOptions;
  readonly options?: Omit<EmulatorOptions, 'org'>;
  /** Also write `[sso-session NAME]` and a valid cached token into the HOME of `rt.env`. */
  readonly signIn?: string;
}

export interface RunningEmulator {
  readonly emulator: IdentityCenterEmulator;
  readonly org: Organization;
  /** The variables that point the AWS SDKs and the AWS CLI at it. */
  readonly env: Readonly<Record<string, string>>;
  readonly signedIn?: RecordedSignIn & { readonly session: string };
}

/** An organisation file: a usage error, naming the file, when it cannot be read or is not one. */
function readOrganization(
  path: string,
  parseOrganization: (json: unknown, source: string) => Organization,
): Organization {
  let json: unknown;
  try {
    json = JSON.parse(readRegularText(path));
  } catch (error) {
    throw usageError(`cannot read the organisation file ${path}: ${(error as Error).message}`);
  }
  try {
    return parseOrganization(json, path);
  } catch (error) {
    throw usageError((error as Error).message);
  }
}

export async function startEmulator(rt: Runtime, input: EmulatorInput): Promise<RunningEmulator> {
  const [
    { EMULATOR_PORTAL, generateOrganization, IdentityCenterEmulator, parseOrganization },
    { recordSignIn },
  ] = await Promise.all([import('../emulator/index.js'), import('../sso/sign-in-record.js')]);
  const org =
    'file' in input.org
      ? readOrganization(input.org.file, parseOrganization)
      : generateOrganization(input.org);
  let emulator: IdentityCenterEmulator;
  try {
    emulator = await IdentityCenterEmulator.start({ ...input.options, org });
  } catch (error) {
    throw new AppError('EMULATOR', `cannot start the emulator: ${(error as Error).message}`, {
      cause: error,
    });
  }
  try {
    const signedIn = input.signIn
      ? {
          session: input.signIn,
          ...(await recordSignIn(rt.env, rt.now, { name: input.signIn, ...EMULATOR_PORTAL }, emulator)),
        }
      : undefined;
    return { emulator, org, env: emulator.endpointEnv(), ...(signedIn ? { signedIn } : {}) };
  } catch (error) {
    await emulator.stop();
    throw error;
  }
}
