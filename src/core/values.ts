/// <reference lib="es2024.string" />
/**
 * Values written into the config must read the same in botocore and the JS SDK. They part ways
 * on `;` and `#` (the JS SDK cuts the value there), on leading and trailing whitespace, and on
 * control characters that end a line. A raw account name is therefore stored with those
 * characters, and `%`, percent-encoded (UTF-8), and decoded when read back. The C1 controls are
 * encoded too: U+0085 ends a line for Python's str.splitlines(), and a raw U+009B starts an escape
 * sequence in some terminals that show the file.
 */

const ALWAYS = /[%;#\x00-\x1f\x7f-\x9f\u2028\u2029]/u;
// Whitespace as either reader trims it: Python's str.strip() or JavaScript's trim().
const EDGE_SPACE = /[\s\x1c-\x1f\x85\ufeff]/u;

function encodeChar(ch: string): string {
  return encodeURIComponent(ch).replace(/[!'()*~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function encodeValue(raw: string): string {
  // Most names need nothing: no scan character by character, no array.
  if (!ALWAYS.test(raw) && !EDGE_SPACE.test(raw.charAt(0)) && !EDGE_SPACE.test(raw.charAt(raw.length - 1)))
    return raw;
  const chars = Array.from(raw);
  let out = '';
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i]!;
    const atEdge = i === 0 || i === chars.length - 1;
    out += ALWAYS.test(ch) || (atEdge && EDGE_SPACE.test(ch)) ? encodeChar(ch) : ch;
  }
  return out;
}

/** Decodes what `encodeValue` wrote; text that is not valid percent-encoding is kept as it is. */
export function decodeValue(stored: string): string {
  if (!stored.includes('%')) return stored;
  return stored.replace(/(?:%[0-9A-Fa-f]{2})+/g, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      return run;
    }
  });
}

/** True when botocore and the JS SDK read `key = value` as the same value. */
export function isPortableValue(value: string): boolean {
  return (
    value !== '' &&
    !/(^|\s)[;#]/u.test(value) &&
    !/[\x00-\x1f\x7f\u2028\u2029]/u.test(value) &&
    !EDGE_SPACE.test(value.charAt(0)) &&
    !EDGE_SPACE.test(value.charAt(value.length - 1))
  );
}

/**
 * The text as it reads back once stored as UTF-8: each lone UTF-16 surrogate (which JSON can carry)
 * becomes U+FFFD, as writing it would make it. Comparing the stored form with the file keeps a
 * second run from rewriting the same name over and over.
 */
export function wellFormed(text: string): string {
  return text.isWellFormed() ? text : text.toWellFormed();
}

const LINE_BREAK = /[\n\r\x85\u2028\u2029]/u;
// Tab is left out: inside a value or key it reads back as it was.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f]/u;

/**
 * Why `text` cannot stand on one line of a config file and read back as it was, if it cannot: a
 * line break, a control character, or a lone surrogate. The reason completes "it ...".
 */
export function lineProblem(text: string): string | undefined {
  if (LINE_BREAK.test(text)) return 'holds a line break, which an AWS config file cannot store';
  const control = CONTROL.exec(text);
  if (control) {
    const code = control[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
    return `holds the control character U+${code}, which does not belong in an AWS config file`;
  }
  if (!text.isWellFormed()) return 'holds a lone UTF-16 surrogate, which UTF-8 cannot store';
  return undefined;
}

export function hasEdgeSpace(text: string): boolean {
  return text !== '' && (EDGE_SPACE.test(text.charAt(0)) || EDGE_SPACE.test(text.charAt(text.length - 1)));
}

/** Why `key = value` would not read back as `value` in botocore, if it would not. */
export function valueProblem(value: string): string | undefined {
  return (
    lineProblem(value) ??
    (hasEdgeSpace(value)
      ? 'starts or ends with white space, which the AWS CLI drops when it reads the file'
      : undefined)
  );
}

/** Why `key = value` would not read back as `value` in botocore and the JS SDK alike, if it would not. */
export function portableValueProblem(value: string): string | undefined {
  if (value === '') return 'is empty';
  const problem = valueProblem(value);
  if (problem) return problem;
  if (/(^|\s)[;#]/u.test(value))
    return 'holds a ";" or "#" after white space, where the AWS SDK for JavaScript cuts the value short';
  return undefined;
}

/** A string that says something: any other type, and the empty string, count as absent. */
export function nonEmpty(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
