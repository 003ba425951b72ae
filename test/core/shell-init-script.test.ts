import { describe, expect, it } from 'vitest';
import { completable } from '../../src/core/completion-script.js';
import { shellInitScript } from '../../src/core/shell-init-script.js';

const COMPLETION = '# the completion script\n';

describe('shellInitScript', () => {
  it('exports in fish only a single plain name, with the characters completion offers', () => {
    const fish = shellInitScript('fish', 'aws-org-profiles', COMPLETION);
    expect(fish).toContain('function aop --wraps aws-org-profiles');
    expect(fish).toContain('set -l name (command aws-org-profiles $argv)');
    expect(fish).toContain('if test (count $name) -ne 1; or not string match -qr');
    expect(fish).toContain('set -gx AWS_PROFILE $name');
    expect(fish).toContain(COMPLETION.trim());
    const pattern = /string match -qr -- '([^']+)'/.exec(fish)![1]!;
    for (const name of [
      'myorg-prod-ReadOnly',
      'a.b_c@d+e=f,g:h/i',
      'x$(touch y)',
      'a b',
      'a;b',
      '`x`',
      'é',
      '',
    ]) {
      expect(new RegExp(pattern).test(name), name).toBe(completable(name));
    }
  });

  it('registers the completion for aop in bash and zsh', () => {
    for (const shell of ['bash', 'zsh'] as const) {
      const script = shellInitScript(shell, 'aws-org-profiles', COMPLETION);
      expect(script).toContain('aop() {');
      expect(script).toContain('export AWS_PROFILE="$__aop_name"');
      expect(script.trimEnd().endsWith('complete -F _aws_org_profiles aop')).toBe(true);
      expect(script).toContain(`eval "$(aws-org-profiles shell-init ${shell})"`);
    }
  });
});
