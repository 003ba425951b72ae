/**
 * The checker against the installed AWS CLI's own parsers (awscli's argparse setup, nothing run):
 * every option the CLI knows is covered, and no command line the checker lets through binds a
 * global option other than the allowed ones, or an operation option that reads files or decrypts.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkAwsCliRead } from '../../src/core/aws-cli-args.js';
import { GLOBAL_OPTIONS, OPERATION_OPTIONS } from '../../src/core/aws-cli-rules.js';

const hasAwsCliPackage = spawnSync('python3', ['-c', 'import awscli'], { stdio: 'ignore' }).status === 0;
const script = fileURLToPath(new URL('../support/awscli_parse.py', import.meta.url));

type Bound = Record<string, unknown>;
interface Parsed {
  mainOptions: string[];
  operationOptions: string[];
  results: ({ error: string } | { globals: Bound; operation?: Bound; error?: string })[];
}

function awsCliParse(service: string, operation: string, required: string[], lines: string[][]): Parsed {
  const run = spawnSync('python3', [script], {
    input: JSON.stringify({ service, operation, required, lines }),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout) as Parsed;
}

const BASE = ['ssm', 'get-parameters-by-path'];
const REQUIRED = ['--path=/app'];
/** The options of `ssm get-parameters-by-path` in AWS CLI v1: its own, paging, and the CLI's. */
const OPERATION = [
  '--cli-input-json',
  '--generate-cli-skeleton',
  '--max-items',
  '--max-results',
  '--next-token',
  '--no-recursive',
  '--no-with-decryption',
  '--page-size',
  '--parameter-filters',
  '--path',
  '--recursive',
  '--starting-token',
  '--with-decryption',
];
/** Destinations the checker lets an agent set: `--region`, `--output`, `--query`, `--no-paginate`. */
const ALLOWED_GLOBALS = new Set(['region', 'output', 'query', 'paginate']);

/** What would make the run decrypt, read its input from a value, or print a skeleton. */
function unsafeOperation(bound: Bound): boolean {
  return (
    bound.with_decryption === true ||
    (bound.cli_input_json ?? null) !== null ||
    (bound.generate_cli_skeleton ?? null) !== null
  );
}

describe.skipIf(!hasAwsCliPackage)('the checker and the AWS CLI’s own parser', () => {
  it('agree on every line the checker allows, among thousands built from every option’s prefixes', () => {
    const prefixes = [...GLOBAL_OPTIONS, ...OPERATION].flatMap((o) =>
      Array.from({ length: o.length - 2 }, (_, i) => o.slice(0, i + 3)),
    );
    const piece = fc.oneof(
      fc.constantFrom(...prefixes).map((p) => [p]),
      fc.constantFrom(...prefixes).map((p) => [`${p}=json`]),
      fc.constantFrom('json', 'yaml', 'eu-west-1', '/app/db', 'Parameters[].Name', '-1', '3').map((v) => [v]),
      fc.constantFrom(
        ['--region', 'eu-west-1'],
        ['--output', 'text'],
        ['--query', 'Parameters[].Name'],
        ['--no-paginate'],
        ['--max-items', '3'],
      ),
    );
    const lines = fc.sample(
      fc.array(piece, { minLength: 1, maxLength: 4 }).map((tail) => [...BASE, ...REQUIRED, ...tail.flat()]),
      { numRuns: 1500, seed: 20_250_101 },
    );
    const allowed: string[][] = [];
    const refused: string[][] = [];
    for (const line of lines) {
      try {
        checkAwsCliRead(line);
        allowed.push(line);
      } catch {
        refused.push(line);
      }
    }
    const parsed = awsCliParse(BASE[0]!, BASE[1]!, REQUIRED, [...allowed, ...refused]);
    // The option lists above are the CLI's own: a new global option would show up here.
    for (const option of parsed.mainOptions) expect(GLOBAL_OPTIONS).toContain(option);
    expect(parsed.operationOptions).toEqual(OPERATION);
    for (const option of OPERATION_OPTIONS.filter((o) => o !== '--cli-input-yaml')) {
      expect(parsed.operationOptions).toContain(option);
    }

    const verdicts = parsed.results.slice(0, allowed.length);
    const unsafe = allowed.filter((_, i) => {
      const r = verdicts[i]!;
      if (!('globals' in r)) return false; // argparse stopped: nothing would run
      return (
        Object.keys(r.globals).some((g) => !ALLOWED_GLOBALS.has(g)) || unsafeOperation(r.operation ?? {})
      );
    });
    expect(unsafe).toEqual([]);
    // The lines exercise both sides: allowed globals bound, and attacks the CLI would take.
    expect(verdicts.some((r) => 'globals' in r && 'region' in r.globals)).toBe(true);
    expect(verdicts.some((r) => 'globals' in r && 'paginate' in r.globals)).toBe(true);
    const taken = new Set(
      parsed.results
        .slice(allowed.length)
        .flatMap((r) =>
          'globals' in r ? [...Object.keys(r.globals), ...Object.keys(r.operation ?? {})] : [],
        ),
    );
    for (const dest of [
      'debug',
      'profile',
      'endpoint_url',
      'ca_bundle',
      'with_decryption',
      'cli_input_json',
    ]) {
      expect(taken).toContain(dest);
    }
  });
});
