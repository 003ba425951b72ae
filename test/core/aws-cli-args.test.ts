/**
 * The checker of AWS CLI command lines from agents: a table of attacks, each a way the AWS CLI
 * (argparse with abbreviations, `--opt=value`, paramfile loading) would reach outside a read,
 * and properties over every prefix of every option that must stay out.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAwsCliRead, parseAliasNames } from '../../src/core/aws-cli-args.js';
import { ALLOWED_GLOBALS, GLOBAL_OPTIONS, OPERATION_OPTIONS } from '../../src/core/aws-cli-rules.js';
import { AppError } from '../../src/core/errors.js';

const refusal = (args: string[], aliases?: Parameters<typeof checkAwsCliRead>[1]): string => {
  try {
    checkAwsCliRead(args, aliases);
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('USAGE');
    return (error as AppError).message;
  }
  throw new Error(`${JSON.stringify(args)} was allowed`);
};

const GET_PARAM = ['ssm', 'get-parameter', '--name', 'x'];

describe('AWS CLI arguments from an agent', () => {
  it.each([
    ['sts get-caller-identity', ['sts', 'get-caller-identity']],
    ['an SSM parameter name that starts with /', ['ssm', 'get-parameter', '--name', '/app/db/password']],
    ['a log group path', ['logs', 'describe-log-streams', '--log-group-name', '/aws/lambda/x']],
    ['--name=value', ['ssm', 'get-parameter', '--name=/app/db']],
    ['the allowed globals', ['ec2', 'describe-vpcs', '--region', 'eu-west-1', '--query', 'Vpcs[].VpcId']],
    ['--region=value', ['ec2', 'describe-vpcs', '--region=us-gov-west-1']],
    ['--no-paginate and paging', ['ec2', 'describe-instances', '--no-paginate', '--max-items', '5']],
    ['shorthand filters', ['ec2', 'describe-instances', '--filters', 'Name=tag:env,Values=prod,dev']],
    ['s3 ls of a bucket', ['s3', 'ls', 's3://bucket/prefix/', '--recursive']],
    ['a negative number', ['logs', 'get-log-events', '--log-group-name', 'g', '--start-time', '-5']],
    ['decryption switched off', ['ssm', 'get-parameter', '--name', '/a', '--no-with-decryption']],
    ['glue connections without passwords', ['glue', 'get-connections', '--hide-password']],
    [
      'a JMESPath query with = and spaces',
      ['ec2', 'describe-vpcs', '--query=Vpcs[?IsDefault==`true`].VpcId'],
    ],
  ])('allows %s', (_, args) => {
    const command = checkAwsCliRead(args);
    expect(command.slice(0, args.length + 1)).toEqual(['aws', ...args]);
  });

  it('asks for JSON unless an output format is given', () => {
    expect(checkAwsCliRead(['sts', 'get-caller-identity'])).toEqual([
      'aws',
      'sts',
      'get-caller-identity',
      '--output',
      'json',
    ]);
    expect(checkAwsCliRead(['sts', 'get-caller-identity', '--output=yaml'])).toEqual([
      'aws',
      'sts',
      'get-caller-identity',
      '--output=yaml',
    ]);
    expect(checkAwsCliRead(['s3', 'ls', '--output', 'text']).slice(-2)).toEqual(['--output', 'text']);
  });

  it.each([
    ['--deb', [...GET_PARAM, '--deb'], /--debug/],
    ['--debu', [...GET_PARAM, '--debu'], /--debug/],
    ['--d', [...GET_PARAM, '--d'], /--debug/],
    ['--debug', [...GET_PARAM, '--debug'], /--debug is not allowed/],
    ['--deb=1', [...GET_PARAM, '--deb=1'], /--debug/],
    ['--prof OTHER', [...GET_PARAM, '--prof', 'admin'], /--profile/],
    ['--pro OTHER', [...GET_PARAM, '--pro', 'admin'], /--profile/],
    ['--profile=OTHER', [...GET_PARAM, '--profile=admin'], /--profile is not allowed/],
    ['--endpoint http://h', [...GET_PARAM, '--endpoint', 'evil.example'], /--endpoint-url/],
    ['--endpoint-u=http://h', [...GET_PARAM, '--endpoint-u=http://h'], /http:\/\//],
    ['--e', [...GET_PARAM, '--e', 'x'], /--endpoint-url/],
    ['--cli-input-j=file://x', [...GET_PARAM, '--cli-input-j=file://x'], /file:\/\//],
    ['--cli-input-j x', [...GET_PARAM, '--cli-input-j', '{}'], /--cli-input-json/],
    ['--cli-input-y', [...GET_PARAM, '--cli-input-y', 'a: b'], /--cli-input-yaml/],
    [
      '--generate-cli-skel output',
      [...GET_PARAM, '--generate-cli-skel', 'output'],
      /--generate-cli-skeleton/,
    ],
    ['--gen', [...GET_PARAM, '--gen', 'input'], /--generate-cli-skeleton/],
    ['--name=file:///etc/passwd', ['ssm', 'get-parameter', '--name=file:///etc/passwd'], /file:\/\//],
    ['--name file://x', ['ssm', 'get-parameter', '--name', 'file://x'], /file:\/\//],
    ['--name FILE://x', ['ssm', 'get-parameter', '--name', 'FILE://x'], /FILE:\/\//],
    ['--name fileb://x', ['ssm', 'get-parameter', '--name', 'fileb://~/.aws/sso/cache/a.json'], /fileb:\/\//],
    [
      'file:// inside shorthand',
      ['ec2', 'describe-instances', '--filters', 'Name=x,Values=file://y'],
      /file/,
    ],
    ['v2 shorthand @=', ['ec2', 'describe-instances', '--filters', 'Name=x,Values@=file://y'], /file/],
    ['a URL value (v1 fetches it)', ['ssm', 'get-parameter', '--name', 'http://h/x'], /http:\/\//],
    ['an https URL value', ['ssm', 'get-parameter', '--name', 'HTTPS://h/x'], /HTTPS:\/\//],
    ['a URL in the query', ['ec2', 'describe-vpcs', '--query', "'https://h'"], /https/],
    ['--ca-b', [...GET_PARAM, '--ca-b', '/tmp/ca.pem'], /--ca-bundle/],
    ['--no-verify', [...GET_PARAM, '--no-verify'], /--no-verify-ssl/],
    ['--no-', [...GET_PARAM, '--no-'], /--no-verify-ssl or --no-paginate/],
    ['--no-sign', [...GET_PARAM, '--no-sign'], /--no-sign-request/],
    ['--cli-connect-timeout', [...GET_PARAM, '--cli-connect-timeout', '0'], /not allowed/],
    ['--cli-read-timeout=0', [...GET_PARAM, '--cli-read-timeout=0'], /not allowed/],
    ['--cli-auto-prompt', [...GET_PARAM, '--cli-auto-prompt'], /not allowed/],
    ['--cli-a', [...GET_PARAM, '--cli-a'], /--cli-auto-prompt/],
    ['--color on', [...GET_PARAM, '--color', 'on'], /not allowed/],
    ['--v', [...GET_PARAM, '--v'], /--version or --v2-debug/],
    ['--v2-debug', [...GET_PARAM, '--v2-debug'], /not allowed/],
    ['--out (an abbreviation of an allowed option)', [...GET_PARAM, '--out', 'json'], /in full/],
    ['--reg', [...GET_PARAM, '--reg', 'eu-west-1'], /write --region in full/],
    ['--output bogus', [...GET_PARAM, '--output', 'bogus'], /--output must be one of/],
    ['--output=off', [...GET_PARAM, '--output=off'], /--output must be one of/],
    ['--output without a value', [...GET_PARAM, '--output'], /needs a value/],
    ['--query followed by an option', [...GET_PARAM, '--query', '--debug'], /may not start with "-"/],
    ['--no-paginate=x', [...GET_PARAM, '--no-paginate=x'], /takes no value/],
    ['--region with a host in it', [...GET_PARAM, '--region', 'evil.example#'], /region name/],
    ['a lone -', [...GET_PARAM, '-'], /lone "-"/],
    ['a lone --', [...GET_PARAM, '--', '--debug'], /lone "--"/],
    ['a one-dash option', [...GET_PARAM, '-debug'], /looks like an option/],
    ['an upper-case option', [...GET_PARAM, '--DEBUG'], /not an option name/],
    ['an option with a space', [...GET_PARAM, '--name x'], /not an option name/],
    ['help', ['ec2', 'describe-vpcs', 'help'], /help/],
    ['an option before the service', ['--debug', 'sts', 'get-caller-identity'], /service and an operation/],
    ['an option before the operation', ['sts', '--debug', 'get-caller-identity'], /service and an operation/],
    ['a NUL character', [...GET_PARAM, '--query', 'a\0b'], /NUL/],
    ['a placeholder', ['ec2', 'describe-vpcs', '{accountName}'], /placeholders/],
  ])('refuses %s', (_, args, message) => {
    expect(refusal(args)).toMatch(message);
  });

  it.each([
    [['s3', 'rb', 's3://bucket']],
    [['ec2', 'terminate-instances', '--instance-ids', 'i-1']],
    [['s3api', 'head-object', '--bucket', 'b', '--key', 'k']],
    [['configure', 'list-profiles']],
    [['history', 'list-x']],
    [['help', 'describe-x']],
  ])('refuses what is not a read: %j', (args) => {
    expect(refusal(args)).toMatch(/only reading operations|command of the AWS CLI itself/);
  });

  it.each([
    [['s3api', 'get-object', '--bucket', 'b', '--key', 'k', 'out.txt']],
    [['s3api', 'get-object', '--bucket', 'b', '--key', 'k', '/home/u/.bashrc']],
    [['glacier', 'get-job-output', '--vault-name', 'v', '--job-id', 'j', 'out']],
    [['apigateway', 'get-export', '--rest-api-id', 'a', '--stage-name', 's', '--export-type', 'oas30', 'o']],
    [['cloudfront', 'get-function', '--name', 'f', 'out.js']],
    [['gamelift', 'get-game-session-log', '--game-session-id', 'g', '--save-as', 'x.zip']],
  ])('refuses a read that writes a local file: %j', (args) => {
    expect(refusal(args)).toMatch(/writes its answer to a local file/);
  });

  it('keeps reads of the same name that print their answer', () => {
    expect(checkAwsCliRead(['lambda', 'get-function', '--function-name', 'f'])[2]).toBe('get-function');
  });

  it.each([
    [['secretsmanager', 'get-secret-value', '--secret-id', 'db']],
    [['ssm', 'get-parameter', '--name', '/app/db', '--with-decryption']],
    [['ssm', 'get-parameter', '--name', '/app/db', '--with-d']],
    [['ssm', 'get-parameters', '--names', 'a', '--with']],
    [['ssm', 'get-parameters-by-path', '--path', '/app', '--with-decryption=true']],
    [['ssm', 'get-parameter-history', '--name', '/app/db', '--w']],
    [['eks', 'get-token', '--cluster-name', 'c']],
    [['ecr', 'get-login-password']],
    [['ecr', 'get-login']],
    [['ecr', 'get-authorization-token']],
    [['ecr-public', 'get-login-password']],
    [['ecr-public', 'get-authorization-token']],
    [['sts', 'get-session-token']],
    [['sts', 'get-federation-token', '--name', 'x']],
    [['sso', 'get-role-credentials', '--role-name', 'r', '--account-id', '1', '--access-token', 't']],
    [['codeartifact', 'get-authorization-token', '--domain', 'd']],
    [['redshift', 'get-cluster-credentials', '--db-user', 'u']],
    [['redshift', 'get-cluster-credentials-with-iam']],
    [['cognito-identity', 'get-credentials-for-identity', '--identity-id', 'i']],
    [['lightsail', 'get-instance-access-details', '--instance-name', 'i']],
    [['lightsail', 'get-relational-database-master-user-password', '--relational-database-name', 'd']],
    [['ec2', 'get-password-data', '--instance-id', 'i-1']],
    [['apigateway', 'get-api-key', '--api-key', 'k', '--include-value']],
    [['apigateway', 'get-api-keys', '--include-v']],
    [['glue', 'get-connection', '--name', 'c']],
    [['glue', 'get-connections', '--hide-password', '--no-hide']],
    [['athena', 'get-session-endpoint', '--session-id', 's']],
    [['emr-serverless', 'get-session-endpoint', '--application-id', 'a', '--session-id', 's']],
    [['route53globalresolver', 'get-access-token', '--access-token-id', 't']],
    [['codepipeline', 'get-job-details', '--job-id', 'j']],
    [['codepipeline', 'get-third-party-job-details', '--job-id', 'j', '--client-token', 'c']],
    [['ivs-realtime', 'get-ingest-configuration', '--arn', 'a']],
  ])('refuses a read that returns a secret: %j', (args) => {
    expect(refusal(args)).toMatch(/secret|credentials|--with|--include|password|not allowed/);
  });

  it('refuses what names an AWS CLI alias, which may run a shell command', () => {
    const aliases = parseAliasNames(
      '[toplevel]\nwhoami = sts get-caller-identity\nSTS = !rm -rf ~\n  continued = line\n' +
        '[command ec2]\ndescribe-mine = describe-instances --filters Name=owner,Values=me\n',
    );
    expect(refusal(['sts', 'get-caller-identity'], aliases)).toMatch(/aliases/);
    expect(refusal(['ec2', 'describe-mine'], aliases)).toMatch(/aliases/);
    expect(checkAwsCliRead(['ec2', 'describe-vpcs'], aliases)[2]).toBe('describe-vpcs');
    expect(
      checkAwsCliRead(['iam', 'list-roles'], parseAliasNames('[command ec2]\nlist-roles = x\n'))[2],
    ).toBe('list-roles');
    expect(aliases.toplevel.has('continued')).toBe(false);
  });

  const allowedGlobals = Object.keys(ALLOWED_GLOBALS);
  const blockedGlobals = GLOBAL_OPTIONS.filter((o) => !allowedGlobals.includes(o));
  const blocked = [...blockedGlobals, ...OPERATION_OPTIONS];
  const prefixes = (option: string) =>
    Array.from({ length: option.length - 2 }, (_, i) => option.slice(0, i + 3)).filter((p) => p.length >= 3);

  it('refuses every prefix of every blocked option, alone, with a value, and with =value', () => {
    fc.assert(
      fc.property(
        fc
          .constantFrom(...blocked)
          .chain((option) => fc.tuple(fc.constantFrom(...prefixes(option)), fc.string())),
        fc.constantFrom('alone', 'value', 'equals'),
        fc.constantFrom(
          ['sts', 'get-caller-identity'],
          ['ssm', 'get-parameter', '--name', '/app/db'],
          ['s3', 'ls', 's3://b'],
        ),
        ([prefix, value], form, base) => {
          const tail =
            form === 'alone' ? [prefix] : form === 'value' ? [prefix, value || 'x'] : [`${prefix}=${value}`];
          expect(() => checkAwsCliRead([...base, ...tail])).toThrow(AppError);
          // Anywhere on the line, since argparse looks for global options everywhere.
          expect(() => checkAwsCliRead([base[0], base[1], ...tail, ...base.slice(2)])).toThrow(AppError);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('refuses every abbreviation of an allowed global option: only the full name is checked', () => {
    for (const option of allowedGlobals) {
      for (const prefix of prefixes(option).filter((p) => p !== option)) {
        expect(() => checkAwsCliRead(['sts', 'get-caller-identity', prefix, 'json'])).toThrow(AppError);
      }
    }
  });

  it('refuses every prefix of --with-decryption on SSM parameter reads, and keeps it elsewhere', () => {
    for (const prefix of prefixes('--with-decryption')) {
      expect(() => checkAwsCliRead(['ssm', 'get-parameter', '--name', '/a', prefix])).toThrow(AppError);
      expect(() =>
        checkAwsCliRead(['ssm', 'get-parameters-by-path', '--path', '/a', `${prefix}=true`]),
      ).toThrow(AppError);
    }
    // Another operation's own --with-... parameter is its business.
    expect(checkAwsCliRead(['ssm', 'describe-parameters', '--with-x', 'y'])[2]).toBe('describe-parameters');
  });

  it('refuses a file or URL prefix anywhere in any value, in any case', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('file://', 'fileb://', 'http://', 'https://'),
        fc.array(fc.boolean(), { minLength: 8, maxLength: 8 }),
        fc.string(),
        fc.string(),
        fc.constantFrom('--name', '--query', '--filters', '--name='),
        (scheme, upper, before, after, option) => {
          const cased = [...scheme].map((c, i) => (upper[i % upper.length] ? c.toUpperCase() : c)).join('');
          const value = `${before}${cased}${after}`;
          const tail = option.endsWith('=') ? [`${option}${value}`] : [option, value];
          expect(() => checkAwsCliRead(['ssm', 'get-parameter', ...tail])).toThrow(AppError);
        },
      ),
      { numRuns: 300 },
    );
  });
});
