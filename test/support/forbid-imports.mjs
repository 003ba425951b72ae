// Loaded with --import by tests of the agent hook path: loading the AWS SDK or the argument parser
// there is a failure, because it would slow down every agent start. Unbundled, that shows in the
// import specifiers; in the bundle, in the packages each loaded file holds (dist/packages.json, written by
// the build).
import { register } from 'node:module';

const hook = `
import { readFileSync } from 'node:fs';
const FORBIDDEN = /(^|\\/)(@aws-sdk|@smithy|commander)(\\/|$)/;
const manifests = new Map();
function manifestFor(dir) {
  if (!manifests.has(dir)) {
    try {
      manifests.set(dir, JSON.parse(readFileSync(new URL('packages.json', dir), 'utf8')));
    } catch {
      manifests.set(dir, undefined);
    }
  }
  return manifests.get(dir);
}
/** The packages a bundled file holds, from the nearest packages.json above it (keys are relative to it). */
function packagesOf(url) {
  let dir = new URL('.', url).href;
  for (let up = 0; up < 3; up++) {
    const manifest = manifestFor(dir);
    if (manifest) return manifest[url.slice(dir.length)] ?? [];
    dir = new URL('..', dir).href;
  }
  return [];
}
export async function resolve(specifier, context, next) {
  if (FORBIDDEN.test(specifier)) throw new Error('forbidden import on the agent hook path: ' + specifier);
  const resolved = await next(specifier, context);
  const bad = resolved.url.startsWith('file:') ? packagesOf(resolved.url).filter((p) => FORBIDDEN.test(p)) : [];
  if (bad.length > 0) throw new Error('forbidden import on the agent hook path: ' + resolved.url + ' holds ' + bad.join(', '));
  return resolved;
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
