/** This very installation, by absolute path: for hooks, MCP servers and credential_process lines. */
import { existsSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A word the shell passes through unchanged, quoted only when it must be. */
export function shellQuote(word: string): string {
  return /^[A-Za-z0-9_/.:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** The absolute node and entry point of this very installation. */
export function selfCommand(): { node: string; bin: string } {
  const bin = fileURLToPath(new URL('../bin.js', import.meta.url));
  return { node: process.execPath, bin: existsSync(bin) ? realpathSync(bin) : bin };
}
