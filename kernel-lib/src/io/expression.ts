/**
 * Numeric expression matrices (genes x samples, e.g. a VST or log-CPM table): the first column
 * holds gene IDs, every other column one sample. Values must be finite numbers; problems name
 * the line, gene and sample.
 */
import { InputError } from "./errors";
import { readDelimited, type DelimitedOptions } from "./delimited";

/** A genes x samples matrix of numbers (gene-major). */
export interface ExpressionMatrix {
  genes: string[];
  samples: string[];
  values: Float64Array;
  source: string;
  /** What the values are, when known ("CPM", "log2 CPM", "TPM", "FPKM", ...). DE refuses such matrices. */
  unit?: ExpressionUnit;
}

/** Units of expression matrices p53lab computes. */
export type ExpressionUnit = "CPM" | "log2 CPM" | "TPM" | "FPKM";

/**
 * @example
 * const vst = readExpressionMatrix("vst.tsv.gz");
 * vst.samples; // ["dmso_1", ...]
 */
export function readExpressionMatrix(path: string, options: DelimitedOptions = {}): ExpressionMatrix {
  const t = readDelimited(path, options);
  if (t.header.length < 2) throw new InputError("expected a gene ID column and at least one sample column", `${t.source} line 1`);
  const samples = t.header.slice(1).map((s) => s.trim());
  const seenS = new Map<string, number>();
  samples.forEach((s, j) => {
    if (!s) throw new InputError(`empty sample name in column ${j + 2}`, `${t.source} line 1`);
    if (seenS.has(s)) throw new InputError(`duplicate sample "${s}" (columns ${seenS.get(s)! + 2} and ${j + 2})`, `${t.source} line 1`);
    seenS.set(s, j);
  });
  const genes: string[] = [];
  const seenG = new Map<string, number>();
  const values = new Float64Array(t.rows.length * samples.length);
  t.rows.forEach((r, i) => {
    const line = t.lines[i];
    const g = r[0].trim();
    if (!g) throw new InputError("empty gene ID", `${t.source} line ${line}`);
    if (seenG.has(g)) throw new InputError(`duplicate gene ID "${g}"`, `${t.source} lines ${seenG.get(g)} and ${line}`);
    seenG.set(g, line);
    genes.push(g);
    for (let j = 0; j < samples.length; j++) {
      const v = Number(r[j + 1]);
      if (r[j + 1].trim() === "" || !Number.isFinite(v)) throw new InputError(`value is not a finite number ("${r[j + 1]}")`, `${t.source} line ${line}, gene ${g}, sample ${samples[j]}`);
      values[i * samples.length + j] = v;
    }
  });
  if (genes.length === 0) throw new InputError("no genes (no data rows)", t.source);
  return { genes, samples, values, source: t.source };
}
