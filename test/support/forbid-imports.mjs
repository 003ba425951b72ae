// Loaded with --import by tests of the agent hook path: loading the AWS SDK, the argument parser or
// any command's chunk there is a failure, because it would slow down every agent start. The entry
// point is CommonJS and runs the hook's bundle itself: any other CommonJS module it would load is
// refused here (Node's own are fine), and so is any ES module that holds a forbidden package:
// unbundled, that shows in the import specifiers; in the bundle, in the packages each file holds
// (dist/packages.json, written by the build).
import { builtinModules, register } from 'node:module';
import Module from 'node:module';

const builtins = new Set(builtinModules);
const load = Module._load;
Module._load = function loadOnlyBuiltins(request, parent, isMain) {
  if (!isMain && !request.startsWith('node:') && !builtins.has(request)) {
    throw new Error(`forbidden module on the agent hook path: ${request}`);
  }
  return load.call(this, request, parent, isMain);
};

const hook = `
import { readFileSync } from 'node:fs';
const FORBIDDEN = /(^|\\/)(@aws-sdk|@smithy|commander|@commander-js)(\\/|$)/;
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
