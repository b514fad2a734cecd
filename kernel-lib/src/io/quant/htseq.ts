/**
 * HTSeq-count output: one file per sample, two tab-separated columns (feature, count) and the
 * special rows `__no_feature`, `__ambiguous`, `__too_low_aQual`, `__not_aligned` and
 * `__alignment_not_unique` at the end. The special rows are reported in a separate summary table,
 * never counted as genes. All files must list the same features in the same order.
 */
import { InputError } from "../errors";
import { CountMatrix } from "../counts";
import { Table } from "../table";
import { lines, parseNumber } from "./lines";

/** One sample's file. */
export interface HtseqInput {
  bytes: Uint8Array;
  source: string;
  sample: string;
}

/** What {@link parseHtseqCounts} returns. */
export interface HtseqResult {
  counts: CountMatrix;
  /** Columns `sample` and one per special row (`__no_feature`, ...). */
  summary: Table;
}

/** True when the lines look like HTSeq-count output (two columns; the special rows at the end). */
export function looksLikeHtseq(head: string[], tail: string): boolean {
  return head.length > 0 && head.every((l) => l === "" || /^[^\t]+\t\d+$/.test(l)) && /(^|\n)__(no_feature|ambiguous|alignment_not_unique)\t\d+/.test(tail);
}

/**
 * @example
 * const r = parseHtseqCounts(files.map((f) => ({ bytes: readInputBytes(f), source: f, sample: sampleNameFromPath(f) })));
 * show(r.summary);
 */
export function parseHtseqCounts(files: HtseqInput[]): HtseqResult {
  if (files.length === 0) throw new InputError("no HTSeq-count files given", "htseq");
  let genes: string[] | null = null;
  const columns: Float64Array[] = [];
  const special = new Map<string, number[]>();
  files.forEach((file, s) => {
    const g: string[] = [];
    const v: number[] = [];
    for (const { text, line } of lines(file.bytes)) {
      if (text === "") continue;
      const f = text.split("\t");
      if (f.length !== 2) throw new InputError(`${f.length} fields, expected 2 (feature, count) as HTSeq-count writes`, `${file.source} line ${line}`);
      const x = parseNumber(f[1]);
      if (Number.isNaN(x)) throw new InputError(`"${f[1]}" is not a count`, `${file.source} line ${line}, feature ${f[0]}`);
      if (f[0].startsWith("__")) {
        if (!special.has(f[0])) special.set(f[0], new Array(files.length).fill(0));
        special.get(f[0])![s] = x;
        continue;
      }
      g.push(f[0]);
      v.push(x);
    }
    if (genes === null) genes = g;
    else {
      const ref: string[] = genes;
      if (g.length !== ref.length) throw new InputError(`${g.length} features, but ${files[0].source} has ${ref.length}: HTSeq-count files must come from the same annotation`, file.source);
      const k = g.findIndex((x, i) => x !== ref[i]);
      if (k >= 0) throw new InputError(`feature ${k + 1} is "${g[k]}", but "${ref[k]}" in ${files[0].source}: the files list different features`, file.source);
    }
    columns.push(Float64Array.from(v));
  });
  const gs = genes as unknown as string[];
  const m = files.length;
  const values = new Float64Array(gs.length * m);
  for (let s = 0; s < m; s++) for (let i = 0; i < gs.length; i++) values[i * m + s] = columns[s][i];
  const counts = new CountMatrix({ genes: gs, samples: files.map((f) => f.sample), values, source: files.length === 1 ? files[0].source : `${files.length} HTSeq-count files` });
  const cols: Record<string, string[] | Float64Array> = { sample: files.map((f) => f.sample) };
  for (const [k, v] of special) cols[k] = Float64Array.from(v);
  cols.assigned = Float64Array.from(counts.librarySizes());
  return { counts, summary: Table.fromColumns(cols, "HTSeq-count summary rows (not genes)") };
}
