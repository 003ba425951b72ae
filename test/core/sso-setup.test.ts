/** The checks and defaults of `init`, the one human time format, and the setup and sign-in hints. */
import { describe, expect, it } from 'vitest';
import {
  sessionNameFor,
  sessionNameProblem,
  ssoRegionProblem,
  startUrlProblem,
} from '../../src/core/sso-setup.js';
import { setupHint, signInHint } from '../../src/core/sign-in.js';
import { humanTime } from '../../src/core/time-text.js';

describe('the session name a start URL suggests', () => {
  it.each([
    ['https://acme.awsapps.com/start', 'acme'],
    ['https://d-1234567890.awsapps.com/start/', 'd-1234567890'],
    ['https://ACME.awsapps.com/start#/', 'acme'],
    ['https://xn--zrich-kva.example.com/start', 'xn--zrich-kva'],
    ['https://my_org.example.com', 'my_org'],
    ['https://127.0.0.1:8443/start', '127'],
    [`https://${'a'.repeat(63)}-b.example.com/`, 'a'.repeat(63)],
    ['https://a+b!c.example.com/start', 'a-b-c'],
    ["https://(acme's).example.com/start", 'acme-s'],
    ['https://!!!.example.com/start', 'sso'],
    ['not a url', 'sso'],
  ])('%s → %s', (url, name) => {
    expect(sessionNameFor(url)).toBe(name);
    expect(sessionNameProblem(name)).toBeUndefined();
  });
});

describe('the checks of init', () => {
  it('takes an https start URL with a host, and nothing else', () => {
    expect(startUrlProblem('https://acme.awsapps.com/start')).toBeUndefined();
    expect(startUrlProblem('https://acme.awsapps.com/start#/')).toBeUndefined();
    expect(startUrlProblem('http://acme.awsapps.com/start')).toBe('the start URL must begin with https://');
    expect(startUrlProblem('acme.awsapps.com/start')).toMatch(/is not a URL/);
    expect(startUrlProblem('https://')).toMatch(/is not a URL|has no host/);
    expect(startUrlProblem('')).toBe('the start URL is empty');
    expect(startUrlProblem('https://acme.awsapps.com/start\n[profile x]')).toMatch(/control character/);
    expect(startUrlProblem('https://user:pw@acme.awsapps.com/start')).toMatch(/user name or password/);
  });

  it('takes region names of the AWS form', () => {
    for (const region of ['eu-central-1', 'us-gov-west-1', 'ap-southeast-4', 'eusc-de-east-1'])
      expect(ssoRegionProblem(region)).toBeUndefined();
    for (const region of ['', 'europe', 'EU-CENTRAL-1', 'eu-central', 'eu-central-1 ', 'eu_central_1'])
      expect(ssoRegionProblem(region)).toMatch(/not an AWS region name/);
  });

  it('takes session names that a section header and a profile name hold as they are', () => {
    expect(sessionNameProblem('my-org.prod_1')).toBeUndefined();
    for (const name of ['', 'my org', 'a]b', 'a;b', 'x'.repeat(65), 'zürich'])
      expect(sessionNameProblem(name)).toMatch(/only letters, digits/);
  });
});

describe('hints', () => {
  it('name this tool first and AWS CLI v2 second, for setting up and for signing in', () => {
    expect(setupHint()).toBe(
      'Set up an sso-session with: aws-org-profiles init --start-url URL --sso-region REGION   (or, with AWS CLI v2: aws configure sso-session)',
    );
    expect(setupHint('acme')).toContain('aws-org-profiles init --sso-session acme --start-url URL');
    expect(signInHint('acme')).toBe(
      'Sign in with: aws-org-profiles login --sso-session acme   (or, with AWS CLI v2: aws sso login --sso-session acme)',
    );
  });
});

describe('humanTime', () => {
  it('shows a moment to the minute in UTC, whatever the milliseconds', () => {
    expect(humanTime(new Date('2026-11-25T17:12:59.999Z'))).toBe('2026-11-25 17:12 UTC');
    expect(humanTime(new Date('2027-01-02T03:04:00Z'))).toBe('2027-01-02 03:04 UTC');
  });
});
