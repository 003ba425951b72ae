import type { Reply } from './error-replies.js';
import { oidcError } from './oidc-errors.js';
import type { RequestContext } from './router.js';

/** A request body the handler cannot use; the OIDC routes answer it with InvalidRequestException. */
export class BadInput extends Error {}

export type JsonInput = Readonly<Record<string, unknown>>;

/** An empty body counts as `{}`, so that a missing member is reported by name rather than as bad JSON. */
export function parseJsonObject(body: string): JsonInput {
  if (body.trim() === '') return {};
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    throw new BadInput('The request body is not valid JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BadInput('The request body must be a JSON object');
  }
  return value as JsonInput;
}

/** Null counts as absent: some serialisers write unset members as null. */
export function optionalString(input: JsonInput, key: string): string | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new BadInput(`${key} must be a string`);
  return value;
}

export function requiredString(input: JsonInput, key: string): string {
  const value = optionalString(input, key);
  if (value === undefined || value === '') throw new BadInput(`${key} is required`);
  return value;
}

export function optionalStringList(input: JsonInput, key: string): string[] | undefined {
  const value = input[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || !value.every((v): v is string => typeof v === 'string')) {
    throw new BadInput(`${key} must be a list of strings`);
  }
  return value;
}

/** Parses the JSON body for `handle`; any BadInput on the way becomes a 400 InvalidRequestException. */
export function withJsonInput(
  handle: (input: JsonInput, ctx: RequestContext) => Reply,
): (ctx: RequestContext) => Reply {
  return (ctx) => {
    try {
      return handle(parseJsonObject(ctx.body), ctx);
    } catch (error) {
      if (error instanceof BadInput) return oidcError('InvalidRequestException', error.message);
      throw error;
    }
  };
}
