import { describe, expect, it } from 'vitest';
import { EXEC_MARKER, execEnv } from '../../src/core/exec-env.js';

const creds = {
  accessKeyId: 'ASIANEW',
  secretAccessKey: 'new-secret',
  sessionToken: 'new-token',
  expiration: '2030-01-01T00:00:00.000Z',
};

describe('the environment of exec', () => {
  it('puts the credentials in, takes every other way to credentials out, and keeps the rest', () => {
    const env = execEnv(
      {
        PATH: '/bin',
        HOME: '/h',
        AWS_CONFIG_FILE: '/h/config',
        AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:1',
        AWS_PROFILE: 'old',
        AWS_DEFAULT_PROFILE: 'older',
        AWS_ACCESS_KEY_ID: 'AKIAOLD',
        AWS_SECRET_ACCESS_KEY: 'old',
        AWS_SESSION_TOKEN: 'old',
        AWS_SECURITY_TOKEN: 'old',
        AWS_WEB_IDENTITY_TOKEN_FILE: '/t',
        AWS_ROLE_ARN: 'arn:aws:iam::1:role/x',
        AWS_CONTAINER_CREDENTIALS_FULL_URI: 'http://169.254.170.23/v1/credentials',
        AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: '/t2',
        AWS_BEARER_TOKEN_BEDROCK: 'b',
        UNSET: undefined,
      },
      'myorg-prod-ReadOnly',
      creds,
      'eu-west-1',
    );
    expect(env).toEqual({
      PATH: '/bin',
      HOME: '/h',
      AWS_CONFIG_FILE: '/h/config',
      AWS_ENDPOINT_URL_STS: 'http://127.0.0.1:1',
      AWS_ACCESS_KEY_ID: 'ASIANEW',
      AWS_SECRET_ACCESS_KEY: 'new-secret',
      AWS_SESSION_TOKEN: 'new-token',
      AWS_CREDENTIAL_EXPIRATION: '2030-01-01T00:00:00.000Z',
      AWS_REGION: 'eu-west-1',
      AWS_DEFAULT_REGION: 'eu-west-1',
      [EXEC_MARKER]: 'myorg-prod-ReadOnly',
    });
  });

  it("takes the region from the profile, else the environment's, else sets none", () => {
    expect(
      execEnv({ AWS_REGION: 'us-east-1', AWS_DEFAULT_REGION: 'x' }, 'p', creds, 'eu-west-1')
        .AWS_DEFAULT_REGION,
    ).toBe('eu-west-1');
    const fromEnv = execEnv({ AWS_DEFAULT_REGION: 'ap-south-1' }, 'p', creds, undefined);
    expect([fromEnv.AWS_REGION, fromEnv.AWS_DEFAULT_REGION]).toEqual(['ap-south-1', 'ap-south-1']);
    const none = execEnv({}, 'p', creds, undefined);
    expect('AWS_REGION' in none || 'AWS_DEFAULT_REGION' in none).toBe(false);
  });
});
