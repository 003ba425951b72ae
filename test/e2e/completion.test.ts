/** `completion`: the bash script, run by bash itself, completing against a real config. */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, cleanEnv, runCli, runProgram } from '../support/cli.js';
import { sessionSection } from '../support/world.js';

function setup() {
  const home = mkdtempSync(join(tmpdir(), 'aop-completion-'));
  mkdirSync(join(home, '.aws'));
  const profile = (name: string, role: string) =>
    `[profile ${name}]\nsso_session = myorg\nsso_account_id = 111122223333\nsso_role_name = ${role}\nregion = eu-west-1\n`;
  writeFileSync(
    join(home, '.aws', 'config'),
    [
      sessionSection('myorg'),
      sessionSection('other'),
      profile('myorg-prod-ReadOnly', 'ReadOnly'),
      profile('myorg-prod-Admin', 'Admin'),
      profile('myorg-dev-ReadOnly', 'ReadOnly'),
      // A name the shell would run, were it ever expanded: it must never be offered.
      profile('"$(touch pwned)"', 'Admin'),
    ].join('\n'),
  );
  // The script calls `aws-org-profiles` from PATH, as it would once installed.
  const bin = join(home, 'bin');
  mkdirSync(bin);
  writeFileSync(join(bin, 'aws-org-profiles'), `#!/bin/sh\nexec ${process.execPath} ${BIN} "$@"\n`);
  chmodSync(join(bin, 'aws-org-profiles'), 0o755);
  return { home, env: cleanEnv({ HOME: home, PATH: `${bin}:${process.env.PATH ?? ''}` }) };
}

/** What bash offers for the command line `words`, the last word being the one completed. */
async function complete(
  env: Record<string, string | undefined>,
  home: string,
  words: string[],
): Promise<string[]> {
  const script = join(home, 'completion.bash');
  if (!existsSync(script)) {
    const printed = await runCli(['completion', 'bash'], { env });
    expect(printed.code).toBe(0);
    writeFileSync(script, printed.stdout);
  }
  const driver = [
    `cd ${JSON.stringify(home)}`,
    `source ${JSON.stringify(script)}`,
    `COMP_WORDS=(${words.map((w) => `'${w.replace(/'/g, `'\\''`)}'`).join(' ')})`,
    `COMP_CWORD=${words.length - 1}`,
    '_aws_org_profiles',
    'printf "%s\\n" "${COMPREPLY[@]}"',
  ].join('\n');
  const result = await runProgram('bash', ['--noprofile', '--norc', '-c', driver], env);
  expect(result.stderr).toBe('');
  return result.stdout.split('\n').filter(Boolean).sort();
}

describe('completion', () => {
  it('completes commands, options, option values and profile names in bash', async () => {
    const { home, env } = setup();
    expect(await complete(env, home, ['aws-org-profiles', 'co'])).toEqual([
      'completion',
      'console',
      'context',
    ]);
    expect(await complete(env, home, ['aws-org-profiles', 'console', 'myorg-prod-'])).toEqual([
      'myorg-prod-Admin',
      'myorg-prod-ReadOnly',
    ]);
    expect(await complete(env, home, ['aws-org-profiles', 'exec', 'myorg-d'])).toEqual([
      'myorg-dev-ReadOnly',
    ]);
    expect(await complete(env, home, ['aws-org-profiles', 'agent', 'in'])).toEqual(['install']);
    expect(await complete(env, home, ['aws-org-profiles', 'agent', 'install', '--t'])).toEqual(['--target']);
    expect(await complete(env, home, ['aws-org-profiles', 'agent', 'install', '--target', 'k'])).toEqual([
      'kiro',
    ]);
    expect(await complete(env, home, ['aws-org-profiles', 'credentials', '--profile', 'myorg-p'])).toEqual([
      'myorg-prod-Admin',
      'myorg-prod-ReadOnly',
    ]);
    expect(await complete(env, home, ['aws-org-profiles', 'sync', '--sso-session', ''])).toEqual([
      'myorg',
      'other',
    ]);
    expect(await complete(env, home, ['aws-org-profiles', 'list', '--role', 'myorg', '--role', ''])).toEqual([
      'Admin',
      'ReadOnly',
    ]);
    expect(await complete(env, home, ['aws-org-profiles', 'create', 'R'])).toEqual(['ReadOnly']);
    expect(await complete(env, home, ['aws-org-profiles', 'completion', ''])).toEqual([
      'bash',
      'fish',
      'zsh',
    ]);
    // Every profile name offered is a plain word; the hostile one is left out and nothing ran.
    const all = await complete(env, home, ['aws-org-profiles', 'each', '--profile-match', '']);
    expect(all).toEqual(['myorg-dev-ReadOnly', 'myorg-prod-Admin', 'myorg-prod-ReadOnly']);
    expect(existsSync(join(home, 'pwned'))).toBe(false);
  });

  it('prints zsh and fish scripts, and refuses an unknown shell or value kind', async () => {
    const { env } = setup();
    const zsh = await runCli(['completion', 'zsh'], { env });
    expect(zsh.code).toBe(0);
    expect(zsh.stdout).toMatch(/^#compdef aws-org-profiles\n/);
    expect(zsh.stdout).toContain('bashcompinit');
    const fish = await runCli(['completion', 'fish'], { env });
    expect(fish.code).toBe(0);
    expect(fish.stdout).toContain(
      "complete -c aws-org-profiles -n '__fish_seen_subcommand_from credentials' -l profile -x -a '(aws-org-profiles completion --values profiles 2>/dev/null)'",
    );
    const values = await runCli(['completion', '--values', 'profiles'], { env });
    expect(values.stdout.split('\n').filter(Boolean)).toEqual([
      'myorg-dev-ReadOnly',
      'myorg-prod-Admin',
      'myorg-prod-ReadOnly',
    ]);
    expect((await runCli(['completion', 'tcsh'], { env })).code).toBe(2);
    expect((await runCli(['completion', '--values', 'tokens'], { env })).code).toBe(2);
    expect((await runCli(['completion'], { env })).code).toBe(2);
  });
});
