/** The README names one Node.js version, the one package.json `engines` asks for. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (name: string) => readFileSync(new URL(`../${name}`, import.meta.url), 'utf8');

describe('the README', () => {
  it('gives the Node.js version of `engines` wherever it says which version is needed', () => {
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    const needed = /^>=(\d+(?:\.\d+)*)$/.exec(engines)?.[1];
    expect(needed).toBeDefined();
    const said = [...read('README.md').matchAll(/Node(?:\.js)?\s+(\d+(?:\.\d+)*)\s+or\s+later/g)].map(
      (m) => m[1],
    );
    expect(said.length).toBeGreaterThan(0);
    expect(new Set(said)).toEqual(new Set([needed]));
  });
});
