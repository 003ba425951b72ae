import { describe, expect, it } from 'vitest';
import {
  consoleDestination,
  isPlainToken,
  loginUrl,
  partitionOf,
  signinBase,
  signinTokenUrl,
} from '../../src/core/console-url.js';
import { AppError } from '../../src/core/errors.js';

const usage = (f: () => unknown) => {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).exitCode).toBe(2);
    return (error as AppError).message;
  }
  throw new Error('no error');
};

describe('partitions', () => {
  it('has its own sign-in and console hosts for China and GovCloud', () => {
    expect(partitionOf('eu-central-1')).toMatchObject({
      name: 'aws',
      signinBase: 'https://signin.aws.amazon.com',
      consoleHost: 'console.aws.amazon.com',
    });
    expect(partitionOf('cn-north-1')).toMatchObject({
      name: 'aws-cn',
      signinBase: 'https://signin.amazonaws.cn',
      consoleHost: 'console.amazonaws.cn',
    });
    expect(partitionOf('us-gov-west-1')).toMatchObject({
      name: 'aws-us-gov',
      signinBase: 'https://signin.amazonaws-us-gov.com',
      consoleHost: 'console.amazonaws-us-gov.com',
    });
  });

  it('refuses what is not a region, and partitions without console federation', () => {
    for (const bad of ['', 'EU-WEST-1', 'eu-west', 'eu-west-1/../x', 'us-east-1\n'])
      usage(() => partitionOf(bad));
    expect(usage(() => partitionOf('us-iso-east-1'))).toContain('cannot be opened');
    usage(() => partitionOf('eusc-de-east-1'));
  });
});

describe('console destinations', () => {
  it("is the region's console home by default, on the partition's host", () => {
    expect(consoleDestination({ kind: 'home' }, 'eu-west-1')).toBe(
      'https://console.aws.amazon.com/console/home?region=eu-west-1',
    );
    expect(consoleDestination({ kind: 'home' }, 'cn-northwest-1')).toBe(
      'https://console.amazonaws.cn/console/home?region=cn-northwest-1',
    );
  });

  it('goes to a service: its own path, or the table for those that differ', () => {
    const at = (service: string, region = 'eu-west-1') =>
      consoleDestination({ kind: 'service', service }, region);
    expect(at('s3')).toBe('https://console.aws.amazon.com/s3/home?region=eu-west-1');
    expect(at('EC2')).toBe('https://console.aws.amazon.com/ec2/home?region=eu-west-1');
    expect(at('dynamodb')).toBe('https://console.aws.amazon.com/dynamodbv2/home?region=eu-west-1');
    expect(at('logs')).toBe(
      'https://console.aws.amazon.com/cloudwatch/home?region=eu-west-1#logsV2:log-groups',
    );
    expect(at('ssm', 'us-gov-east-1')).toBe(
      'https://console.amazonaws-us-gov.com/systems-manager/home?region=us-gov-east-1',
    );
    expect(at('secretsmanager')).toBe('https://console.aws.amazon.com/secretsmanager/home?region=eu-west-1');
    for (const bad of ['../iam', 's3/home?x', 'a b', '', 'https://evil.example', 'x'.repeat(41)]) {
      usage(() => at(bad));
    }
  });

  it("takes a URL only on https and the partition's console host", () => {
    const url = (u: string, region = 'eu-west-1') => consoleDestination({ kind: 'url', url: u }, region);
    expect(url('https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:')).toBe(
      'https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#Instances:',
    );
    expect(url('https://console.amazonaws.cn/s3/home', 'cn-north-1')).toBe(
      'https://console.amazonaws.cn/s3/home',
    );
    for (const bad of [
      'http://console.aws.amazon.com/s3/home',
      'https://console.aws.amazon.com.evil.example/',
      'https://evilconsole.aws.amazon.com/',
      'https://user:pw@console.aws.amazon.com/',
      'https://console.aws.amazon.com:8443/',
      'https://console.amazonaws.cn/s3/home',
      'javascript:alert(1)',
      'not a url',
    ]) {
      usage(() => url(bad));
    }
  });
});

describe('the sign-in endpoint', () => {
  const aws = partitionOf('eu-west-1');

  it("is the partition's, or AWS_ENDPOINT_URL_SIGNIN", () => {
    expect(signinBase({}, aws)).toBe('https://signin.aws.amazon.com');
    expect(signinBase({ AWS_ENDPOINT_URL_SIGNIN: 'http://127.0.0.1:4566/' }, aws)).toBe(
      'http://127.0.0.1:4566',
    );
    expect(signinBase({ AWS_ENDPOINT_URL_SIGNIN: 'https://proxy.example/signin/' }, aws)).toBe(
      'https://proxy.example/signin',
    );
    expect(
      signinBase(
        { AWS_ENDPOINT_URL_SIGNIN: 'http://127.0.0.1:1', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' },
        aws,
      ),
    ).toBe('https://signin.aws.amazon.com');
  });

  it('refuses plain http off this machine, and a URL with a query or credentials', () => {
    for (const bad of [
      'http://signin.example.com',
      'ftp://127.0.0.1',
      'https://u:p@proxy.example',
      'https://proxy.example/?a=b',
      'nonsense',
    ]) {
      usage(() => signinBase({ AWS_ENDPOINT_URL_SIGNIN: bad }, aws));
    }
  });

  it('sends the session as URL-encoded JSON, and builds the login URL from encoded parts', () => {
    const url = new URL(
      signinTokenUrl(
        'https://signin.aws.amazon.com',
        { accessKeyId: 'AK', secretAccessKey: 'S+/=&', sessionToken: 'T' },
        3600,
      ),
    );
    expect(url.pathname).toBe('/federation');
    expect(url.searchParams.get('Action')).toBe('getSigninToken');
    expect(url.searchParams.get('SessionDuration')).toBe('3600');
    expect(JSON.parse(url.searchParams.get('Session')!)).toEqual({
      sessionId: 'AK',
      sessionKey: 'S+/=&',
      sessionToken: 'T',
    });
    const login = new URL(
      loginUrl(
        'http://127.0.0.1:1',
        'https://x.awsapps.com/start',
        'https://console.aws.amazon.com/s3/home?region=a&b=c',
        'T+k/=',
      ),
    );
    expect(Object.fromEntries(login.searchParams)).toEqual({
      Action: 'login',
      Issuer: 'https://x.awsapps.com/start',
      Destination: 'https://console.aws.amazon.com/s3/home?region=a&b=c',
      SigninToken: 'T+k/=',
    });
  });

  it('takes only a plain SigninToken', () => {
    expect(isPlainToken('abc-_+/=')).toBe(true);
    for (const bad of [undefined, 1, '', 'a b', 'a\nb', 'a\x1b[2J', 'é', 'x'.repeat(16385)]) {
      expect(isPlainToken(bad)).toBe(false);
    }
  });
});
