/** Tool results: JSON as text and as structured content; failures as tool errors, never crashes. */
import { AppError, ExitCode } from '../core/errors.js';
import { escapeControls, jsonText } from '../core/untrusted-text.js';

export type ToolResult = {
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
};

export function ok(value: Record<string, unknown>): ToolResult {
  return { content: [{ type: 'text', text: jsonText(value, 2) }], structuredContent: value };
}

/** What an agent does about a session that needs a sign-in: the sign_in tool, not a shell. */
export function signInToolLine(session: string | undefined, force = false): string {
  const args = {
    ...(session === undefined ? {} : { sso_session: session }),
    ...(force ? { force: true } : {}),
  };
  return (
    `Call the sign_in tool${Object.keys(args).length ? ` with ${JSON.stringify(args)}` : ''}: ` +
    'it returns a URL for the user to open, and the sign-in completes in the background.'
  );
}

/** A failure the agent can act on: a clean tool error, never a crash of the server. */
function failure(error: unknown): ToolResult {
  const text =
    error instanceof AppError
      ? [
          error.message,
          // Every error a sign-in fixes says how to sign in from here; the command stays for a person.
          ...(error.exitCode === ExitCode.AuthRequired
            ? [signInToolLine(error.session, error.code === 'TOKEN_REJECTED')]
            : []),
          ...(error.hint ? [error.hint] : []),
        ].join('\n')
      : `error: ${(error as Error)?.message ?? String(error)}`;
  // Messages may quote an argument or a name from the config; the host may show them in a terminal.
  return { content: [{ type: 'text', text: escapeControls(text, true) }], isError: true };
}

export async function guarded(run: () => ToolResult | Promise<ToolResult>): Promise<ToolResult> {
  try {
    return await run();
  } catch (error) {
    return failure(error);
  }
}
