/**
 * The guard's program: `guard`, the check agent hosts run before every tool call. bin.ts starts it
 * on the same fast path as the context hook. It exits as soon as it has decided, even if stdin is
 * still open, and any error of its own exits 2: for the hosts, 2 blocks and anything else allows.
 */
import { fdOutput } from './cli/io.js';
import { GUARD_BLOCK, guardHook } from './cli/guard-hook.js';

const stderr = fdOutput(2);
const failed = (error: unknown) => {
  try {
    const name = error instanceof Error ? error.name : 'error';
    stderr.write(
      `aws-org-profiles guard blocked this call: the guard failed (${name}), so it lets nothing through.\n`,
    );
  } finally {
    process.exit(GUARD_BLOCK);
  }
};
process.on('uncaughtException', failed);
process.on('unhandledRejection', failed);

guardHook({ env: process.env, cwd: process.cwd(), stderr, stdinFd: 0, stdin: () => process.stdin }).then(
  (code) => process.exit(code),
  failed,
);
