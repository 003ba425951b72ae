/**
 * Values written into the config must read the same in botocore and the JS SDK. They part ways
 * on `;` and `#` (the JS SDK cuts the value there), on leading and trailing whitespace, and on
 * control characters that end a line. A raw account name is therefore stored with those
 * characters, and `%`, percent-encoded (UTF-8), and decoded when read back.
 */

const ALWAYS = /[%;#\x00-\x1f\x7f\u2028\u2029]/u;
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
