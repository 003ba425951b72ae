/**
 * The agent hook's program: `context`, with its output written straight to file descriptor 1, and
 * stderr made only when there is something to say. bin.ts starts it.
 */
import { contextHook } from './cli/context-hook.js';
import { hookIo } from './cli/io.js';

void contextHook(hookIo(), process.argv.slice(3)).then((code) => {
  process.exitCode = code;
});
