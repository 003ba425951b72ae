/** The package as another project imports it: by name, through `exports`, running the README's example. */
import { mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { cleanEnv, runProgram } from '../support/cli.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A project with this package installed under node_modules, as npm links a local dependency. */
function consumer(script: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'aop-consumer-'));
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(ROOT, join(dir, 'node_modules', 'aws-org-profiles'), 'dir');
  writeFileSync(join(dir, 'main.mjs'), script);
  return dir;
}

function readmeExample(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const library = readme.slice(readme.indexOf('\n## Library\n'));
  const block = /```js\n([\s\S]*?)```/.exec(library);
  if (!block?.[1]) throw new Error('README.md has no js example under "## Library"');
  return block[1];
}

describe('the package', () => {
  it("runs the README's library example through the package's exports", async () => {
    const dir = consumer(readmeExample());
    const result = await runProgram(process.execPath, [join(dir, 'main.mjs')], cleanEnv({}));
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe(
      [
        '# my profiles',
        '[profile dev]',
        'region = eu-west-1',
        '',
        '[profile ops]',
        'region = us-east-1',
        'none dev eu-west-1',
        'none ops us-east-1',
        '',
      ].join('\n'),
    );
    expect(result.code).toBe(0);
  });

  it('serves the emulator from aws-org-profiles/emulator', async () => {
    const dir = consumer(
      [
        "import { BEARER_HEADER, demoOrganization, IdentityCenterEmulator } from 'aws-org-profiles/emulator';",
        'const emulator = await IdentityCenterEmulator.start({ org: demoOrganization() });',
        "const res = await fetch(`${emulator.url}/assignment/accounts?max_result=1`, { headers: { [BEARER_HEADER]: 'not-a-token' } });",
        'console.log(emulator.url.startsWith("http://127.0.0.1:"), res.status);',
        'await emulator.stop();',
      ].join('\n'),
    );
    const result = await runProgram(process.execPath, [join(dir, 'main.mjs')], cleanEnv({}));
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('true 401\n');
  });
});
