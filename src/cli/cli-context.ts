/** What every command definition gets from the program. */
import type { Io } from './io.js';

export interface CliContext {
  readonly io: Io;
  /** Where a command's handler puts its exit code. */
  readonly setExit: (code: number) => void;
  /**
   * Serves the MCP server over stdio until the host ends the session; returns the exit code. The
   * program's entry point provides it: the command-line adapter does not know the MCP adapter.
   */
  readonly serveMcp: (io: Io) => Promise<number>;
}
