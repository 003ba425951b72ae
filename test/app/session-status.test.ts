/** Session status: the one sign-in model, as the MCP server's session_status reports it. */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProfiles } from '../../src/app/list.js';
import { sessionStatus } from '../../src/app/session-status.js';
import { Secret } from '../../src/core/secret.js';
import { writeSessionToken } from '../../src/sso/token-cache.js';
import { testRuntime } from '../support/runtime.js';

const START_URL = 'https://d-1.awsapps.com/start';

describe('sessionStatus', () => {
  it('says a token with a refresh token is refreshable, signed in or expired, and gives a fix only when a sign-in is needed', () => {
    const home = mkdtempSync(join(tmpdir(), 'aop-status-'));
    mkdirSync(join(home, '.aws'));
    const names = ['valid', 'renews', 'lapsed', 'never'];
    writeFileSync(
      join(home, '.aws', 'config'),
      names
        .map((n) => `[sso-session ${n}]\nsso_start_url = ${START_URL}\nsso_region = eu-west-1\n`)
        .join('\n'),
    );
    const refresh = {
      refreshToken: new Secret('refresh-0123456789'),
      clientId: 'client',
      clientSecret: new Secret('secret-0123456789'),
      registrationExpiresAt: new Date(Date.now() + 86_400_000),
    };
    const token = (name: string, inMs: number) =>
      writeSessionToken({ HOME: home }, name, {
        accessToken: new Secret(`token-${name}-0123456789`),
        expiresAt: new Date(Date.now() + inMs),
        startUrl: START_URL,
        region: 'eu-west-1',
        ...(name === 'lapsed' ? {} : refresh),
      });
    token('valid', 3600_000);
    token('renews', -60_000);
    token('lapsed', -60_000);
    const rt = testRuntime({ HOME: home });
    const status = Object.fromEntries(
      sessionStatus(rt, loadProfiles(rt.env).sessions).map((s) => [s.name, s]),
    );
    expect(status.valid).toMatchObject({ state: 'signed-in', renewable: true });
    expect(status.valid!.minutesLeft).toBeGreaterThanOrEqual(59);
    expect(status.valid!.fix).toBeUndefined();
    expect(status.renews).toMatchObject({ state: 'refreshable', renewable: true, minutesLeft: null });
    expect(status.renews!.fix).toBeUndefined();
    expect(status.lapsed).toMatchObject({
      state: 'expired',
      renewable: false,
      fix: 'aws-org-profiles login --sso-session lapsed',
    });
    expect(status.never).toMatchObject({
      state: 'missing',
      fix: 'aws-org-profiles login --sso-session never',
    });
  });
});
