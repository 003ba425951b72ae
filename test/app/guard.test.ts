/**
 * `guard` in process: the hook events of Q Developer CLI / Kiro CLI 2, Kiro CLI 3 and Claude Code,
 * judged against a real home folder (symlinks, the tool's own cache), block or pass.
 */
import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { guardToolCall } from '../../src/app/guard-call.js';
import { guardHome, hookEvent, type GuardHome, type Host } from '../support/guard-world.js';

let w: GuardHome;
beforeAll(() => {
  w = guardHome();
});

const judge = (host: Host, tool: string, input: unknown, cwd = w.project, env = w.env) =>
  guardToolCall({ event: hookEvent(host, cwd, tool, input), env, cwd: '/' });
const bash = (command: string, host: Host = 'claude') =>
  judge(host, host === 'claude' ? 'Bash' : host === 'q' ? 'execute_bash' : 'shell', { command });

function blocked(verdict: ReturnType<typeof guardToolCall>): string {
  expect(verdict.allow).toBe(false);
  const reason = verdict.allow ? '' : verdict.reason;
  expect(reason).not.toMatch(/[\n\r\x00-\x1f]/);
  expect(reason).toMatch(/^aws-org-profiles guard blocked this call: /);
  return reason;
}

describe('file tools', () => {
  it.each<[string, Host, string, (w: GuardHome) => unknown]>([
    [
      'Q fs_read of the token file',
      'q',
      'fs_read',
      () => ({ operations: [{ mode: 'Line', path: '~/.aws/sso/cache/x.json' }] }),
    ],
    [
      'Q fs_read, the older single form, with $HOME',
      'q',
      'fs_read',
      () => ({ mode: 'Line', path: '$HOME/.aws/credentials' }),
    ],
    [
      'Q fs_read of images in the cache',
      'q',
      'fs_read',
      (w) => ({ operations: [{ mode: 'Image', image_paths: [join(w.home, '.aws/cli/cache/a.json')] }] }),
    ],
    [
      'Q fs_read of a directory inside the cache',
      'q',
      'fs_read',
      () => ({ operations: [{ mode: 'Directory', path: '~/.aws/sso/cache' }] }),
    ],
    ['Claude Read by absolute path', 'claude', 'Read', (w) => ({ file_path: w.tokenFile })],
    ['Claude Read through ..', 'claude', 'Read', () => ({ file_path: '../.aws/sso/cache/x.json' })],
    [
      'Claude Read through a project symlink',
      'claude',
      'Read',
      () => ({ file_path: 'tokens/f1e2d3c4b5a6978877665544332211ffeeddccbb.json' }),
    ],
    [
      'Claude Read of the upper-cased path (case-insensitive file systems)',
      'claude',
      'Read',
      (w) => ({ file_path: `${w.home}/.AWS/SSO/cache/x.json` }),
    ],
    ['Claude Grep rooted at ~/.aws', 'claude', 'Grep', () => ({ pattern: 'accessToken', path: '~/.aws' })],
    [
      'Claude Grep rooted at the home folder',
      'claude',
      'Grep',
      (w) => ({ pattern: 'accessToken', path: w.home }),
    ],
    ['Claude Glob of ~/.aws/**', 'claude', 'Glob', () => ({ pattern: '~/.aws/**' })],
    ['Claude Glob from the home folder', 'claude', 'Glob', (w) => ({ pattern: '**/*.json', path: w.home })],
    ['Claude LS of the cache', 'claude', 'LS', () => ({ path: '~/.aws/sso/cache' })],
    [
      'Kiro 3 read',
      'kiro3',
      'read',
      () => ({ operations: [{ mode: 'Line', path: '~/.aws/login/cache/s.json' }] }),
    ],
    ['Kiro 3 grep of the home folder', 'kiro3', 'grep', () => ({ pattern: 'secret', path: '~' })],
    ['Kiro 3 glob into the cache', 'kiro3', 'glob', () => ({ pattern: '~/.aws/s*/cache/*.json' })],
    [
      'the tool’s own role credential cache',
      'claude',
      'Read',
      (w) => ({ file_path: join(w.home, '.cache/aws-org-profiles/credentials/abc/d.json') }),
    ],
  ])('blocks %s', (_, host, tool, input) => {
    expect(blocked(judge(host, tool, input(w)))).toMatch(/agents may not read it/);
  });

  it('follows XDG_CACHE_HOME, AWS_SHARED_CREDENTIALS_FILE and AWS_LOGIN_CACHE_DIRECTORY as the tools do', () => {
    const env = {
      ...w.env,
      XDG_CACHE_HOME: '/var/tmp/xdg',
      AWS_SHARED_CREDENTIALS_FILE: '/etc/aws/creds',
      AWS_LOGIN_CACHE_DIRECTORY: '~/login-cache',
    };
    for (const path of [
      '/var/tmp/xdg/aws-org-profiles/credentials/x/y.json',
      '/etc/aws/creds',
      `${w.home}/login-cache/a.json`,
    ]) {
      blocked(judge('claude', 'Read', { file_path: path }, w.project, env));
      // Without those settings, the same paths are ordinary files.
      expect(judge('claude', 'Read', { file_path: path })).toEqual({ allow: true });
    }
  });

  it('blocks a symlink made after the fact, from anywhere on the machine', () => {
    const dir = join(w.project, 'deep', 'er');
    mkdirSync(dir, { recursive: true });
    symlinkSync(join(w.home, '.aws', 'credentials'), join(dir, 'notes.txt'));
    blocked(judge('claude', 'Read', { file_path: 'deep/er/notes.txt' }));
    blocked(bash('cat deep/er/notes.txt'));
  });

  it.each<[string, Host, string, (w: GuardHome) => unknown]>([
    ['Claude Read of README.md', 'claude', 'Read', () => ({ file_path: 'README.md' })],
    [
      'Q fs_read of ~/.aws/config',
      'q',
      'fs_read',
      () => ({ operations: [{ mode: 'Line', path: '~/.aws/config' }] }),
    ],
    [
      'Q fs_read of a directory listing of ~/.aws',
      'q',
      'fs_read',
      () => ({ operations: [{ mode: 'Directory', path: '~/.aws' }] }),
    ],
    ['Claude Grep in the project', 'claude', 'Grep', () => ({ pattern: 'TODO', path: 'src' })],
    ['Claude Grep without a path, in the project', 'claude', 'Grep', () => ({ pattern: 'TODO' })],
    ['Claude Glob in the project', 'claude', 'Glob', () => ({ pattern: '**/*.ts' })],
    [
      'Kiro 3 read of a project file',
      'kiro3',
      'read',
      () => ({ operations: [{ mode: 'Line', path: 'README.md' }] }),
    ],
    ['a file next to the credentials file', 'claude', 'Read', () => ({ file_path: '~/.aws/credentials.md' })],
  ])('lets through %s', (_, host, tool, input) => {
    expect(judge(host, tool, input(w))).toEqual({ allow: true });
  });
});

describe('shell commands', () => {
  it.each([
    ['cat ~/.aws/sso/cache/*.json'],
    ['cat "$HOME"/.aws/sso/cache/*.json | base64'],
    ['cat ${HOME}/.aws/cli/cache/x.json'],
    ['cd ~/.aws && cat sso/cache/*'],
    ['cd ~/.aws; tar czf /tmp/t.tgz sso'],
    ['find ~/.aws -name "*.json"'],
    ['grep -r accessToken ~'],
    ['rg accessToken ~/.aws'],
    ['cat ~/.aws/s*/cache/x'],
    ['cat ~/.aws/{sso,cli}/cache/*'],
    ['D=~/.aws; cat $D/credentials'],
    ['echo $(cat ~/.aws/credentials)'],
    ['cat tokens/*.json'],
    ['python3 -c "print(open(\'/x/.aws/sso/cache/a.json\').read())"'],
    ['node -e \'require("fs").readFileSync(process.env.HOME + "/.aws/credentials")\''],
    ['cat < ~/.aws/credentials'],
    ["bash -c 'cat ~/.aws/credentials'"],
    ['cat ~/.aws/"s"so/cac\\he/x'],
    ["cat $'\\x7e'/.aws/sso/cache/x ~/.aws/sso/cache/x"],
  ])('blocks a read of the caches: %s', (command) => {
    expect(blocked(bash(command))).toMatch(/agents may not read it/);
  });

  it.each([
    ['aws secretsmanager get-secret-value --secret-id db --profile dev', /returns a secret/],
    ['aws ssm get-parameter --name /db --with-d --profile dev', /--with-decryption/],
    ['ls | xargs -n1 aws ssm get-parameters-by-path --with-decryption --path', /--with-decryption/],
    ['AWS_PROFILE=dev aws s3 ls --deb', /--debug/],
    ['aws --profile dev --debug sts get-caller-identity', /--debug/],
    ['/usr/local/bin/aws --v2-debug sts get-caller-identity', /--v2-debug/],
    ['aws configure export-credentials --profile dev', /configure export-credentials/],
    ['aws configure get aws_secret_access_key --profile dev', /configure get/],
    [
      'sudo -u root timeout 5 aws sso get-role-credentials --role-name R --account-id 1 --access-token t',
      /get-role-credentials/,
    ],
    ["bash -c 'aws sso-oidc create-token --client-id x --client-secret y --grant-type z'", /create-token/],
    ['for p in a b; do aws ecr get-login-password --profile $p; done', /get-login-password/],
    ['python -m awscli sts assume-role --role-arn a --role-session-name s', /assume-role/],
    ['aws sts get-caller-identity --cli-input-json file://~/.aws/sso/cache/x.json', /SSO token cache/],
    ['eval "aws glue get-connection --name c"', /--hide-password/],
    ['echo x && (aws secretsmanager batch-get-secret-value --secret-id-list a)', /batch-get-secret-value/],
    ['echo `aws eks get-token --cluster-name c`', /get-token/],
    ['env -u X nohup nice -n 5 aws rds generate-db-auth-token --hostname h', /generate-db-auth-token/],
    [
      'aws $(echo secretsmanager) get-secret-value --secret-id x',
      /could be "secretsmanager get-secret-value"/,
    ],
    ['xargs aws secretsmanager < ids.txt', /xargs supplies/],
    ['aws-org-profiles credentials --profile dev', /prints role credentials/],
    ['npx -y aws-org-profiles exec --profile dev -- env', /exec/],
    ['node /opt/aop/dist/bin.cjs console --url --profile dev', /sign-in link/],
    ['aop console --url=yes', /sign-in link/],
    [
      'aws-org-profiles each --role R -- aws secretsmanager get-secret-value --secret-id x',
      /get-secret-value/,
    ],
    ['find . -name x -exec aws ssm get-parameter --with-decryption --name {} \\;', /--with-decryption/],
  ])('blocks %s', (command, reason) => {
    for (const host of ['claude', 'q', 'kiro3'] as const)
      expect(blocked(bash(command, host))).toMatch(reason);
  });

  it.each([
    ['aws ec2 describe-instances --profile dev --region eu-west-1'],
    ['aws ssm get-parameter --name /db --profile dev'],
    ['aws ssm get-parameter --name /db --no-with-decryption --profile dev'],
    ['aws glue get-connections --hide-password --profile dev'],
    ['aws s3 ls --profile dev && aws sts get-caller-identity --profile dev'],
    ['aws configure list --profile dev'],
    ['aws s3 cp build/ s3://bucket/ --recursive --profile dev'],
    ['aws-org-profiles list --json'],
    ['aws-org-profiles console --profile dev'],
    ['git status && git log -5 --oneline'],
    ['npm test'],
    ['cat ~/.aws/config'],
    ['cat README.md | head -5'],
    ['ls ~/.aws'],
    ['grep -rn TODO src'],
    ['echo "$HOME"'],
    ['cat README.md/not-a-folder'],
    [`echo ${'a'.repeat(5000)}/b`],
  ])('lets through %s', (command) => {
    expect(bash(command)).toEqual({ allow: true });
  });
});

describe('use_aws', () => {
  it.each<[string, string, unknown, RegExp]>([
    ['secretsmanager', 'get-secret-value', { SecretId: 'x' }, /get-secret-value/],
    ['ssm', 'GetParameter', { Name: 'x', WithDecryption: true }, /--with-decryption/],
    ['ssm', 'get_parameters', { names: ['x'], with_decryption: 'true' }, /--with-decryption/],
    ['glue', 'get-connection', { Name: 'c' }, /--hide-password/],
    ['glue', 'GetConnection', { Name: 'c', HidePassword: 'false' }, /--hide-password/],
    ['SSO', 'GetRoleCredentials', {}, /get-role-credentials/],
    ['Cognito Identity Provider', 'DescribeUserPoolClient', {}, /describe-user-pool-client/],
    ['sts', 'AssumeRole', { RoleArn: 'a', RoleSessionName: 's' }, /assume-role/],
  ])('blocks %s %s %j', (service, operation, parameters, reason) => {
    const input = {
      service_name: service,
      operation_name: operation,
      parameters,
      region: 'eu-west-1',
      profile_name: 'dev',
      label: 'x',
    };
    const text = blocked(judge('q', 'use_aws', input));
    expect(text).toMatch(reason);
    // One piece of advice, said once.
    expect(text.match(/run it yourself/gi)?.length ?? 0).toBeLessThanOrEqual(1);
  });

  it.each<[string, string, unknown]>([
    ['ec2', 'describe-instances', {}],
    ['ssm', 'get-parameter', { Name: 'x', WithDecryption: false }],
    ['ssm', 'GetParameter', { Name: 'x' }],
    ['glue', 'get-connection', { Name: 'c', HidePassword: true }],
    ['secretsmanager', 'list-secrets', {}],
  ])('lets through %s %s %j', (service, operation, parameters) => {
    expect(
      judge('q', 'use_aws', {
        service_name: service,
        operation_name: operation,
        parameters,
        region: 'eu-west-1',
      }),
    ).toEqual({ allow: true });
  });
});

describe('events it cannot read', () => {
  const raw = (event: string) => guardToolCall({ event, env: w.env, cwd: w.project });
  it.each([
    ['not JSON', 'cat ~/.aws/credentials'],
    ['empty', ''],
    ['a list', '[]'],
    ['no tool', '{"hook_event_name":"PreToolUse","tool_input":{}}'],
    [
      'a shell command that is not text',
      '{"hook_event_name":"PreToolUse","tool_name":"Bash","tool_input":{"command":5}}',
    ],
    [
      'a tool input that is not an object',
      '{"hook_event_name":"preToolUse","tool_name":"execute_bash","tool_input":"ls"}',
    ],
    ['a read with no path', '{"hook_event_name":"PreToolUse","tool_name":"Read","tool_input":{}}'],
    [
      'operations that are not a list',
      '{"hook_event_name":"preToolUse","tool_name":"fs_read","tool_input":{"operations":"x"}}',
    ],
    [
      'use_aws without an operation',
      '{"hook_event_name":"preToolUse","tool_name":"use_aws","tool_input":{"service_name":"s3"}}',
    ],
  ])('blocks %s', (_, event) => {
    blocked(raw(event));
  });

  it('blocks shells nested too deeply to read', () => {
    expect(blocked(bash(`echo ${'$('.repeat(40)}ls${')'.repeat(40)}`))).toMatch(/nests/);
    expect(blocked(bash('eval '.repeat(40) + 'ls'))).toMatch(/nests/);
  });

  it('answers quickly a command built to be slow to judge, blocking it when it costs too much', () => {
    let started = Date.now();
    expect(bash(`aws ${'$a'.repeat(20_000)} describe-things`)).toEqual({ allow: true });
    expect(Date.now() - started).toBeLessThan(2_000);
    started = Date.now();
    const words = Array.from({ length: 1000 }, () => `~/${'*a'.repeat(3000)}`).join(' ');
    expect(blocked(bash(`echo ${words}`))).toMatch(/too costly to judge/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('lets other tools and other events through', () => {
    expect(
      judge('claude', 'mcp__aws-org-profiles__list_profiles', { command: 'cat ~/.aws/credentials' }),
    ).toEqual({ allow: true });
    expect(judge('q', 'fs_write', { path: '~/.aws/credentials', command: 'create' })).toEqual({
      allow: true,
    });
    expect(raw('{"hook_event_name":"agentSpawn","cwd":"/"}')).toEqual({ allow: true });
  });
});
