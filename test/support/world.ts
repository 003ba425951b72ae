/**
 * A throwaway world for one test: a HOME folder with an AWS config, an Identity Center emulator
 * on 127.0.0.1, and a signed-in sso-session, as after `aws sso login`.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret } from '../../src/core/secret.js';
import { IdentityCenterEmulator, type EmulatorOptions, type Organization } from '../../src/emulator/index.js';
import { writeSessionToken } from '../../src/sso/token-cache.js';
import { cleanEnv, runCli, type CliResult } from './cli.js';

export const START_URL = 'https://d-0000000000.awsapps.com/start';
export const SSO_REGION = 'eu-central-1';

export function sessionSection(name = 'myorg', startUrl = START_URL): string {
  return `[sso-session ${name}]\nsso_start_url = ${startUrl}\nsso_region = ${SSO_REGION}\nsso_registration_scopes = sso:account:access\n`;
}

export class World {
  readonly home: string;
  readonly configPath: string;
  emulator!: IdentityCenterEmulator;

  private constructor(home: string) {
    this.home = home;
    this.configPath = join(home, '.aws', 'config');
  }

  static async create(
    org: Organization,
    options: Omit<EmulatorOptions, 'org'> & { config?: string } = {},
  ): Promise<World> {
    const world = new World(mkdtempSync(join(tmpdir(), 'aop-world-')));
    mkdirSync(join(world.home, '.aws'), { recursive: true, mode: 0o700 });
    const { config, ...emulatorOptions } = options;
    writeFileSync(world.configPath, config ?? sessionSection(), { mode: 0o600 });
    world.emulator = await IdentityCenterEmulator.start({ org, ...emulatorOptions });
    return world;
  }

  /** Issues a token in the emulator and caches it for `session`; returns the token. */
  signIn(session = 'myorg', expiresAt = new Date(Date.now() + 3600_000), startUrl = START_URL): string {
    const token = this.emulator.issueToken({
      expiresAt: new Date(Math.max(expiresAt.getTime(), Date.now() + 60_000)),
    });
    writeSessionToken({ HOME: this.home }, session, {
      accessToken: new Secret(token),
      expiresAt,
      startUrl,
      region: SSO_REGION,
    });
    return token;
  }

  get env(): Record<string, string | undefined> {
    return cleanEnv({
      HOME: this.home,
      AWS_ENDPOINT_URL_SSO: this.emulator.url,
      AWS_ENDPOINT_URL_SSO_OIDC: this.emulator.url,
      AWS_ENDPOINT_URL_STS: this.emulator.url,
      AWS_ENDPOINT_URL_ORGANIZATIONS: this.emulator.url,
      AWS_ENDPOINT_URL_SIGNIN: this.emulator.url,
    });
  }

  cli(...args: string[]): Promise<CliResult> {
    return runCli(args, { env: this.env });
  }

  config(): string {
    return readFileSync(this.configPath, 'utf8');
  }

  async close(): Promise<void> {
    await this.emulator.stop();
  }
}

export function account(accountId: string, accountName: string, roles: string[]) {
  return { accountId, accountName, emailAddress: `${accountId}@example.com`, roles };
}
