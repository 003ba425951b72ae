/** Tool results: JSON as text and as structured content; failures as tool errors, never crashes. */
import { AppError } from '../core/errors.js';
import { escapeControls, jsonText } from '../core/untrusted-text.js';

export type ToolResult = {
  content: { type: 'text'; text: string }[];
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
};

export function ok(value: Record<string, unknown>): ToolResult {
  return { content: [{ type: 'text', text: jsonText(value, 2) }], structuredContent: value };
}

/** A failure the agent can act on: a clean tool error, never a crash of the server. */
function failure(error: unknown): ToolResult {
  const text =
    error instanceof AppError
      ? `${error.message}${error.hint ? `\n${error.hint}` : ''}`
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
