/**
 * `shell-init`: the snippet eval'ed by a real shell, with the built program on PATH as it would be
 * once installed. `aop use` sets AWS_PROFILE in the shell itself, never lets the shell evaluate a
 * profile name, and completes like the program. zsh and fish run only where they are installed.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cleanEnv, runProgram } from '../support/cli.js';
import { sessionSection } from '../support/world.js';

const installed = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;

function setup() {
  const home = mkdtempSync(join(tmpdir(), 'aop-shell-init-'));
  mkdirSync(join(home, '.aws'));
  const pwned = join(home, 'pwned');
  // Names the shell would run, were they ever evaluated (a profile name holds no white space).
  const hostile = [`x$(touch\${IFS}${pwned})`, `y\`touch\${IFS}${pwned}\``];
  const profile = (name: string, account: string, role: string) =>
    `[profile ${name}]\nsso_session = myorg\nsso_account_id = 111122223333\nsso_account_name = ${account}\nsso_role_name = ${role}\nregion = eu-west-1\n`;
  writeFileSync(
    join(home, '.aws', 'config'),
    [
      sessionSection('myorg'),
      profile('myorg-prod-ReadOnly', 'Prod', 'ReadOnly'),
      profile('myorg-dev-Admin', 'Dev', 'Admin'),
      ...hostile.map((name) => profile(name, 'Hostile', 'Hostile')),
    ].join('\n'),
  );
  const bin = join(home, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'aws-org-profiles'), `#!/bin/sh\nexec ${process.execPath} ${BIN} "$@"\n`);
  chmodSync(join(bin, 'aws-org-profiles'), 0o755);
  return { home, pwned, hostile, env: cleanEnv({ HOME: home, PATH: `${bin}:${process.env.PATH ?? ''}` }) };
}

const q = (word: string) => `'${word.replace(/'/g, `'\\''`)}'`;

describe('shell-init bash', () => {
  const { home, pwned, hostile, env } = setup();
  const bash = (script: string) =>
    runProgram(
      'bash',
      ['--noprofile', '--norc', '-c', `eval "$(aws-org-profiles shell-init bash)"\n${script}`],
      env,
      home,
    );

  it('aop use sets AWS_PROFILE in the shell; other commands pass through', async () => {
    const result = await bash(
      [
        'aop use myorg-prod-ReadOnly; echo "code=$? AWS_PROFILE=$AWS_PROFILE"',
        'aop use --first dev admin; echo "code=$? AWS_PROFILE=$AWS_PROFILE"',
        'aop list --json >/dev/null; echo "list=$?"',
        'aop use --json myorg-dev-Admin | grep -c accountId',
      ].join('\n'),
    );
    expect(result.stdout).toBe(
      'code=0 AWS_PROFILE=myorg-prod-ReadOnly\ncode=0 AWS_PROFILE=myorg-dev-Admin\nlist=0\n1\n',
    );
    expect(result.stderr).toBe('aop: AWS_PROFILE=myorg-prod-ReadOnly\naop: AWS_PROFILE=myorg-dev-Admin\n');
  });

  it('leaves AWS_PROFILE alone and returns the exit code when nothing is chosen', async () => {
    const result = await bash(
      [
        'export AWS_PROFILE=before',
        'aop use zzzqqq; echo "code=$? AWS_PROFILE=$AWS_PROFILE"',
        'aop use; echo "code=$? AWS_PROFILE=$AWS_PROFILE"',
      ].join('\n'),
    );
    expect(result.stdout).toBe('code=1 AWS_PROFILE=before\ncode=2 AWS_PROFILE=before\n');
  });

  it('never evaluates a profile name, and exports only plain names', async () => {
    const result = await bash(
      [
        'export AWS_PROFILE=before',
        `aop use ${q(hostile[0]!)}; echo "code=$? AWS_PROFILE=$AWS_PROFILE"`,
        `aop use ${q(hostile[1]!)}; echo "code=$? AWS_PROFILE=$AWS_PROFILE"`,
      ].join('\n'),
    );
    expect(result.stdout).toBe('code=1 AWS_PROFILE=before\ncode=1 AWS_PROFILE=before\n');
    expect(result.stderr).toContain('not a plain profile name; AWS_PROFILE is unchanged');
    expect(existsSync(pwned)).toBe(false);
  });

  it('completes aop as it completes the program, profile names after use', async () => {
    const complete = async (words: string[]) => {
      const result = await bash(
        [
          `COMP_WORDS=(${words.map(q).join(' ')})`,
          `COMP_CWORD=${words.length - 1}`,
          '$(complete -p aop | sed -E "s/.*-F ([^ ]+) .*/\\1/")',
          'printf "%s\\n" "${COMPREPLY[@]}"',
        ].join('\n'),
      );
      expect(result.stderr).toBe('');
      return result.stdout.split('\n').filter(Boolean).sort();
    };
    expect(await complete(['aop', 'us'])).toEqual(['use']);
    expect(await complete(['aop', 'shell-init', ''])).toEqual(['bash', 'fish', 'zsh']);
    expect(await complete(['aop', 'use', 'myorg-'])).toEqual(['myorg-dev-Admin', 'myorg-prod-ReadOnly']);
    expect(existsSync(pwned)).toBe(false);
  });
});

/** How each other shell loads the snippet, and names the last exit code. */
const OTHER_SHELLS = [
  { shell: 'zsh', flags: ['-f'], load: 'eval "$(aws-org-profiles shell-init zsh)"', status: '$?' },
  {
    shell: 'fish',
    flags: ['--no-config'],
    load: 'aws-org-profiles shell-init fish | source',
    status: '$status',
  },
] as const;

for (const { shell, flags, load, status } of OTHER_SHELLS) {
  describe.skipIf(!installed(shell))(`shell-init ${shell}`, () => {
    it('aop use sets AWS_PROFILE, and refuses a hostile name', async () => {
      const { home, pwned, hostile, env } = setup();
      const result = await runProgram(
        shell,
        [
          ...flags,
          '-c',
          [
            load,
            `aop use myorg-prod-ReadOnly; echo "code=${status} AWS_PROFILE=$AWS_PROFILE"`,
            `aop use ${q(hostile[0]!)}; echo "code=${status} AWS_PROFILE=$AWS_PROFILE"`,
          ].join('\n'),
        ],
        env,
        home,
      );
      expect(result.stdout).toBe(
        'code=0 AWS_PROFILE=myorg-prod-ReadOnly\ncode=1 AWS_PROFILE=myorg-prod-ReadOnly\n',
      );
      expect(existsSync(pwned)).toBe(false);
    });
  });
}
