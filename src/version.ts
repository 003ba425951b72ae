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

/** Set by the bundler: an id of the exact source the program was built from. */
declare const AWS_ORG_PROFILES_BUILD: string | undefined;

/**
 * The version and the build: what a cache written by this program is keyed on, so that a cache
 * written by other code (a new build of the same version included) is never read as this one's.
 */
export function buildVersion(): string {
  return typeof AWS_ORG_PROFILES_BUILD === 'string' ? `${version()}+${AWS_ORG_PROFILES_BUILD}` : version();
}
