/**
 * Shared set-up for the edgeR / limma parity tests: the reference script's steps up to the
 * tests (filterByExpr on the design, keep.lib.sizes = FALSE, TMM on the kept genes), and the
 * agreement measures the issue states.
 */
import { existsSync, readFileSync } from "fs";
import { gunzipSync } from "zlib";
import { join, resolve } from "path";
import { readCounts, CountMatrix } from "../../src/io/counts";
import { readSamples } from "../../src/io/samples";
import { modelMatrix, type Design } from "../../src/de/design";
import { calcNormFactors, filterByExpr } from "../../src/de/edger";

export const REF = process.env.P53LAB_REFERENCE ?? resolve(__dirname, "../../../../shared/reference/rnaseq");
export const DATA = join(process.env.P53LAB_DATA ?? resolve(__dirname, "../../../../shared/data"), "rnaseq");

export const CASES = [
  ["andrysik2017_hct116", "~ condition"],
  ["andrysik2017_hct116_mcf7", "~ cell_line + condition"],
] as const;

export const haveRef = (ds: string, file: string) => existsSync(join(REF, ds, file)) && existsSync(join(DATA, ds, "counts.tsv"));

/** A reference TSV (optionally gzipped) as column name -> values (numbers where numeric). */
export function readRef(ds: string, file: string): { genes: string[]; col: (name: string) => Float64Array } {
  const path = join(REF, ds, file);
  const buf = readFileSync(path);
  const text = (path.endsWith(".gz") ? gunzipSync(buf) : buf).toString("utf8");
  const lines = text.trim().split("\n");
  const header = lines[0].split("\t");
  const cells = lines.slice(1).map((l) => l.split("\t"));
  return {
    genes: cells.map((c) => c[0]),
    col: (name: string) => {
      const j = header.indexOf(name);
      if (j < 0) throw new Error(`no column ${name} in ${file}`);
      return Float64Array.from(cells, (c) => (c[j] === "NA" ? NaN : Number(c[j])));
    },
  };
}

export interface Prepared {
  counts: CountMatrix;
  design: Design;
  normFactors: Float64Array;
  group: string[];
}

/** Load a dataset, filter with filterByExpr on the design and compute TMM on the kept genes. */
export function prepare(ds: string, formula: string): Prepared {
  const all = readCounts(join(DATA, ds, "counts.tsv"));
  const samples = readSamples(join(DATA, ds, "samples.tsv")).alignTo(all);
  const design = modelMatrix(formula, samples, { reference: { condition: "dmso" } });
  const keep = filterByExpr(all, { design: design.matrix });
  const idx = keep.map((k, g) => (k ? g : -1)).filter((g) => g >= 0);
  const counts = new CountMatrix({ genes: idx.map((g) => all.genes[g]), samples: all.samples, values: idx.map((g) => Array.from(all.geneCounts(g))) });
  const group = samples.get("condition");
  return { counts, design, normFactors: calcNormFactors(counts), group };
}

/** Fraction of entries with |a/b - 1| < rel (or |a - b| < abs); NaN matches NaN. */
export function agreement(a: ArrayLike<number>, b: ArrayLike<number>, rel = 1e-4, abs = 0): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let ok = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if ((Number.isNaN(x) && Number.isNaN(y)) || x === y || Math.abs(x - y) <= abs || Math.abs(x / y - 1) < rel) ok++;
  }
  return ok / a.length;
}

/** Number of genes whose call (value < cut) differs. */
export function callDifferences(a: ArrayLike<number>, b: ArrayLike<number>, cut = 0.05): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) if (a[i] < cut !== b[i] < cut) d++;
  return d;
}
