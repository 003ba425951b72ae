import { readFileSync } from 'node:fs';

/** Set by the bundler; absent when the modules run as the TypeScript compiler wrote them. */
declare const AWS_ORG_PROFILES_VERSION: string | undefined;

let cached: string | undefined;

/** The package version: built into the bundle, else read once from package.json beside the built files. */
export function version(): string {
  if (cached === undefined) {
    if (typeof AWS_ORG_PROFILES_VERSION === 'string') return (cached = AWS_ORG_PROFILES_VERSION);
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
      version?: string;
    };
    cached = pkg.version ?? '0.0.0';
  }
  return cached;
}
