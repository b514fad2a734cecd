/**
 * Line-by-line reading of (gunzipped) file bytes: each line is decoded on its own, so a large
 * quantification file is held once, as bytes, never also as one big string or an array of lines.
 */

const decoder = new TextDecoder("utf-8");

/** One line of a file: its text (without the line break) and its 1-based number. */
export interface Line {
  text: string;
  line: number;
}

/**
 * The lines of `bytes` (LF or CRLF endings); a final empty line is not reported.
 *
 * @example
 * [...lines(Buffer.from("a\tb\r\nc\n"))].map((l) => l.text); // ["a\tb", "c"]
 */
export function* lines(bytes: Uint8Array): Generator<Line> {
  let start = 0;
  let n = 0;
  const len = bytes.length;
  while (start < len) {
    let end = bytes.indexOf(10, start);
    if (end < 0) end = len;
    let stop = end;
    if (stop > start && bytes[stop - 1] === 13) stop--;
    n++;
    yield { text: decoder.decode(bytes.subarray(start, stop)), line: n };
    start = end + 1;
  }
}

/** The first `k` lines (for format detection). */
export function headLines(bytes: Uint8Array, k: number): string[] {
  const out: string[] = [];
  for (const l of lines(bytes)) {
    out.push(l.text);
    if (out.length >= k) break;
  }
  return out;
}

/** Parse a non-negative or signed decimal number; NaN for anything else (no hex, no "Infinity"). */
export function parseNumber(text: string): number {
  const t = text.trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t) ? Number(t) : NaN;
}

/** Number of line breaks in `bytes` (an upper bound on the rows, to size arrays once). */
export function countLineBreaks(bytes: Uint8Array): number {
  let k = 0;
  for (let i = bytes.indexOf(10); i >= 0; i = bytes.indexOf(10, i + 1)) k++;
  return k + 1;
}
