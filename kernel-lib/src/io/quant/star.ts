/**
 * STAR `ReadsPerGene.out.tab` (`--quantMode GeneCounts`): four summary lines (N_unmapped,
 * N_multimapping, N_noFeature, N_ambiguous), then one line per gene with four columns: gene ID,
 * counts for unstranded data (column 2), for reads whose first read maps to the gene's strand
 * (column 3, htseq-count `-s yes`) and for the reverse (column 4, `-s reverse`), as the STAR
 * manual describes. The strandedness column is chosen, or inferred: in a stranded library nearly
 * all strand-specific counts fall in one of columns 3 and 4; in an unstranded one they split
 * about evenly.
 */
import { InputError } from "../errors";
import { CountMatrix } from "../counts";
import { Table } from "../table";
import { lines, parseNumber } from "./lines";

/** Library strandedness. */
export type Strandedness = "unstranded" | "forward" | "reverse";

/** One sample's file. */
export interface StarInput {
  bytes: Uint8Array;
  source: string;
  sample: string;
}

/** What {@link parseStarCounts} returns. */
export interface StarResult {
  counts: CountMatrix;
  strandedness: Strandedness;
  /** How the strandedness was chosen ("given", or "inferred: ..." with the fractions). */
  strandednessNote: string;
  /** Per sample: the four N_ rows (for the chosen column), and the forward fraction of columns 3 + 4. */
  summary: Table;
}

const SPECIAL = ["N_unmapped", "N_multimapping", "N_noFeature", "N_ambiguous"];

/** True when the first line is STAR's `N_unmapped` summary row. */
export function looksLikeStar(head: string[]): boolean {
  return head.length > 0 && /^N_unmapped\t\d+\t\d+\t\d+$/.test(head[0]);
}

/**
 * Strandedness from the fraction of strand-specific gene counts in column 3 (forward):
 * above 0.8 forward, below 0.2 reverse, 0.4-0.6 unstranded; otherwise it cannot be told.
 *
 * @example
 * inferStrandedness(0.03); // "reverse"
 */
export function inferStrandedness(forwardFraction: number): Strandedness | null {
  if (forwardFraction > 0.8) return "forward";
  if (forwardFraction < 0.2) return "reverse";
  if (forwardFraction >= 0.4 && forwardFraction <= 0.6) return "unstranded";
  return null;
}

/**
 * @example
 * const r = parseStarCounts(files, { strandedness: "auto" });
 * r.strandednessNote; // "inferred: reverse (forward fraction 0.03-0.04 in 4 samples)"
 */
export function parseStarCounts(files: StarInput[], options: { strandedness?: Strandedness | "auto" } = {}): StarResult {
  if (files.length === 0) throw new InputError("no STAR ReadsPerGene files given", "star");
  let genes: string[] | null = null;
  const cols: Float64Array[][] = [];
  const specials: number[][][] = [];
  const fractions: number[] = [];
  for (const file of files) {
    const g: string[] = [];
    const c: number[][] = [[], [], []];
    const sp: number[][] = [];
    for (const { text, line } of lines(file.bytes)) {
      if (text === "") continue;
      const f = text.split("\t");
      if (f.length !== 4) throw new InputError(`${f.length} fields, expected 4 (gene, unstranded, forward, reverse) as STAR's ReadsPerGene.out.tab`, `${file.source} line ${line}`);
      const x = f.slice(1).map(parseNumber);
      const bad = x.findIndex((v) => Number.isNaN(v));
      if (bad >= 0) throw new InputError(`"${f[bad + 1]}" is not a count`, `${file.source} line ${line}, column ${bad + 2}`);
      if (line <= 4) {
        if (f[0] !== SPECIAL[line - 1]) throw new InputError(`expected STAR's summary row ${SPECIAL[line - 1]}, found "${f[0]}"`, `${file.source} line ${line}`);
        sp.push(x);
        continue;
      }
      g.push(f[0]);
      for (let k = 0; k < 3; k++) c[k].push(x[k]);
    }
    if (sp.length < 4) throw new InputError("the four N_ summary rows are missing: not a complete ReadsPerGene.out.tab", file.source);
    if (genes === null) genes = g;
    else {
      const ref: string[] = genes;
      if (g.length !== ref.length || g.some((x, i) => x !== ref[i])) {
        throw new InputError(`lists different genes than ${files[0].source}: the files must come from the same genome index`, file.source);
      }
    }
    const fwd = c[1].reduce((a, b) => a + b, 0);
    const rev = c[2].reduce((a, b) => a + b, 0);
    fractions.push(fwd + rev > 0 ? fwd / (fwd + rev) : NaN);
    cols.push(c.map((v) => Float64Array.from(v)));
    specials.push(sp);
  }
  let strandedness: Strandedness;
  let note: string;
  const range = `${Math.min(...fractions).toFixed(2)}-${Math.max(...fractions).toFixed(2)}`;
  if (options.strandedness && options.strandedness !== "auto") {
    strandedness = options.strandedness;
    note = `given: ${strandedness} (forward fraction ${range})`;
  } else {
    const each = fractions.map(inferStrandedness);
    const k = each.findIndex((s) => s === null);
    if (k >= 0) {
      throw new InputError(
        `cannot infer the strandedness: ${(100 * fractions[k]).toFixed(0)}% of strand-specific counts are on the forward strand (between the unstranded ~50% and the stranded >80% or <20%); choose it (strandedness: "unstranded" | "forward" | "reverse")`,
        `${files[k].source} (sample ${files[k].sample})`,
      );
    }
    const kinds = [...new Set(each)];
    if (kinds.length > 1) {
      throw new InputError(`the samples disagree on strandedness (${files.map((f, i) => `${f.sample}: ${each[i]}`).join(", ")}); check the libraries or choose one`, "STAR ReadsPerGene");
    }
    strandedness = kinds[0] as Strandedness;
    note = `inferred: ${strandedness} (forward fraction ${range} in ${files.length} sample${files.length === 1 ? "" : "s"})`;
  }
  const col = strandedness === "unstranded" ? 0 : strandedness === "forward" ? 1 : 2;
  const gs = genes as unknown as string[];
  const m = files.length;
  const values = new Float64Array(gs.length * m);
  for (let s = 0; s < m; s++) for (let i = 0; i < gs.length; i++) values[i * m + s] = cols[s][col][i];
  const counts = new CountMatrix({ genes: gs, samples: files.map((f) => f.sample), values, source: files.length === 1 ? files[0].source : `${files.length} STAR ReadsPerGene files` });
  const summary: Record<string, string[] | Float64Array> = { sample: files.map((f) => f.sample) };
  SPECIAL.forEach((name, r) => (summary[name] = Float64Array.from(specials, (sp) => sp[r][col])));
  summary.assigned = Float64Array.from(counts.librarySizes());
  summary.forward_fraction = Float64Array.from(fractions);
  return { counts, strandedness, strandednessNote: note, summary: Table.fromColumns(summary, `STAR summary rows (${strandedness} column)`) };
}
