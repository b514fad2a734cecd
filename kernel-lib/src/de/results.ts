/**
 * Results: the log2 fold change of a coefficient or contrast with its standard error,
 * Wald statistic and p-value, optionally against a threshold (`lfcThreshold` with
 * `altHypothesis`), Cook's-distance filtering, independent filtering and BH adjustment,
 * as DESeq2's `results()`.
 */
import { InputError } from "../io/errors";
import { Table, ColumnValues } from "../io/table";
import { normalTwoSided, normalUpper } from "../stats/distributions";
import { independentFiltering, noIndependentFiltering } from "./independentFiltering";
import type { Design } from "./design";
import type { GlmFit } from "./glm";

/** Which log fold change to report. */
export type ContrastSpec =
  | string
  | [factor: string, level: string, reference: string]
  | { name: string }
  | { factor: string; level: string; reference: string }
  | { vector: number[] }
  | { list: [string[], string[]]; listValues?: [number, number] };

/** Options of {@link computeResults}. */
export interface ResultsOptions {
  contrast?: ContrastSpec;
  /** Threshold on |log2 fold change| for the test. Default 0. */
  lfcThreshold?: number;
  altHypothesis?: "greaterAbs" | "lessAbs" | "greater" | "less";
  /** Significance level for independent filtering and `summary`. Default 0.1 (as DESeq2). */
  alpha?: number;
  independentFiltering?: boolean;
  /** Cook's distance cutoff; true = the default qf(0.99, p, m - p); false = none. */
  cooksCutoff?: number | boolean;
}

/** The contrast resolved against the design. */
export interface ResolvedContrast {
  label: string;
  /** Coefficient index when the contrast is a single coefficient (possibly negated). */
  coefficient?: number;
  sign: 1 | -1;
  vector?: Float64Array;
  /** Samples of the compared groups (for the all-zero rule of factor contrasts). */
  groups?: { level: string; reference: string; factor: string };
}

/**
 * Resolve a contrast to a coefficient or a numeric vector.
 *
 * @example
 * resolveContrast(design, ["condition", "nutlin", "dmso"]).coefficient; // 1
 */
export function resolveContrast(design: Design, spec: ContrastSpec | undefined): ResolvedContrast {
  const cols = design.columns;
  if (spec === undefined) {
    const last = cols.length - 1;
    return { label: cols[last], coefficient: last, sign: 1 };
  }
  if (typeof spec === "string" || (typeof spec === "object" && !Array.isArray(spec) && "name" in spec)) {
    const name = typeof spec === "string" ? spec : spec.name;
    const i = cols.indexOf(name);
    if (i < 0) throw new InputError(`no coefficient "${name}"; coefficients are ${cols.join(", ")}`, "results");
    return { label: name, coefficient: i, sign: 1 };
  }
  if (!Array.isArray(spec) && "list" in spec) {
    const [num, den] = spec.list;
    const [v1, v2] = spec.listValues ?? [1, -1];
    if (!(v1 > 0 && v2 < 0)) throw new InputError(`listValues must be a positive and a negative number, got ${v1}, ${v2}`, "results");
    for (const name of [...num, ...den]) {
      if (!cols.includes(name)) throw new InputError(`no coefficient "${name}" in the list contrast; coefficients are ${cols.join(", ")}`, "results");
    }
    const vec = new Float64Array(cols.length);
    num.forEach((n) => (vec[cols.indexOf(n)] = v1));
    den.forEach((n) => (vec[cols.indexOf(n)] = v2));
    const label = den.length ? `${num.join("+")} vs ${den.join("+")}` : `${num.join("+")} effect`;
    return { label, sign: 1, vector: vec };
  }
  if (!Array.isArray(spec) && "vector" in spec) {
    if (spec.vector.length !== cols.length) {
      throw new InputError(`a numeric contrast needs ${cols.length} values (${cols.join(", ")}), got ${spec.vector.length}`, "results");
    }
    return { label: `contrast(${spec.vector.join(",")})`, sign: 1, vector: Float64Array.from(spec.vector) };
  }
  const [factor, level, reference] = Array.isArray(spec) ? spec : [spec.factor, spec.level, spec.reference];
  const v = design.variables.find((x) => x.name === factor);
  if (!v) throw new InputError(`"${factor}" is not a variable of the design ${design.formula}`, "results");
  if (v.kind !== "factor") throw new InputError(`"${factor}" is numeric: give its coefficient name ("${factor}") instead`, "results");
  for (const l of [level, reference]) {
    if (!v.levels!.includes(l)) throw new InputError(`"${l}" is not a level of ${factor} (levels: ${v.levels!.join(", ")})`, "results");
  }
  if (level === reference) throw new InputError(`the contrast compares ${level} with itself`, "results");
  const label = `${factor}_${level}_vs_${reference}`;
  const direct = cols.indexOf(label);
  if (direct >= 0) return { label, coefficient: direct, sign: 1, groups: { factor, level, reference } };
  const reversed = cols.indexOf(`${factor}_${reference}_vs_${level}`);
  if (reversed >= 0) return { label, coefficient: reversed, sign: -1, groups: { factor, level, reference } };
  const ref0 = v.levels![0];
  const vec = new Float64Array(cols.length);
  const colOf = (l: string) => cols.indexOf(`${factor}_${l}_vs_${ref0}`);
  if (level !== ref0) {
    const i = colOf(level);
    if (i < 0) throw new InputError(`cannot form the contrast ${label} from the coefficients ${cols.join(", ")}`, "results");
    vec[i] += 1;
  }
  if (reference !== ref0) {
    const i = colOf(reference);
    if (i < 0) throw new InputError(`cannot form the contrast ${label} from the coefficients ${cols.join(", ")}`, "results");
    vec[i] -= 1;
  }
  return { label, sign: 1, vector: vec, groups: { factor, level, reference } };
}

/** Everything results() needs from the fitted data set. */
export interface ResultsInput {
  genes: string[];
  design: Design;
  baseMean: Float64Array;
  allZero: Uint8Array;
  fit: GlmFit;
  /** Max Cook's distance per gene (NaN when not computed). */
  maxCooks?: Float64Array;
  /** Cook's distances, genes x samples. */
  cooks?: Float64Array;
  /** Genes refitted after outlier replacement (DESeq2 `mcols(dds)$replace`). */
  replaced?: Uint8Array;
  /** Likelihood-ratio test: statistic and p-value per gene replace the Wald ones. */
  lrt?: { stat: Float64Array; pvalue: Float64Array; reduced: string };
  /** Raw counts (gene-major) and the factor values, for the contrast all-zero rule. */
  counts: Float64Array;
  sampleValues: (factor: string) => string[];
}

/** A DESeq2 results table with its metadata. */
export class DESeqResults extends Table {
  constructor(
    names: string[],
    columns: Float64Array[] | (Float64Array | string[])[],
    readonly metadata: {
      contrast: string;
      alpha: number;
      lfcThreshold: number;
      altHypothesis: string;
      filterThreshold?: number;
      filterTheta?: number;
      filterNumRej?: { theta: number[]; numRej: number[] };
      cooksCutoff: number | false;
      independentFiltering: boolean;
    },
  ) {
    super(names, columns, `DESeq2 results: ${metadata.contrast}`);
  }

  protected override derive(names: string[], columns: ColumnValues[]): DESeqResults {
    return new DESeqResults(names, columns as (Float64Array | string[])[], this.metadata);
  }

  /**
   * Counts of up, down, outliers and low counts at `alpha`, as DESeq2's `summary()`.
   *
   * @example
   * res.summary(); // "out of 24765 with nonzero total read count ..."
   */
  summary(alpha = this.metadata.alpha): string {
    const lfc = this.column("log2FoldChange") as Float64Array;
    const padj = this.column("padj") as Float64Array;
    const pvalue = this.column("pvalue") as Float64Array;
    const baseMean = this.column("baseMean") as Float64Array;
    let nonzero = 0, up = 0, down = 0, outliers = 0, low = 0;
    for (let i = 0; i < this.nRows; i++) {
      if (!(baseMean[i] > 0)) continue;
      nonzero++;
      if (padj[i] < alpha && lfc[i] > 0) up++;
      if (padj[i] < alpha && lfc[i] < 0) down++;
      if (Number.isNaN(pvalue[i])) outliers++;
      else if (Number.isNaN(padj[i])) low++;
    }
    const pct = (k: number) => `${((100 * k) / nonzero).toFixed(2)}%`;
    const lines = [
      `out of ${nonzero} with nonzero total read count`,
      `adjusted p-value < ${alpha}`,
      `LFC > ${this.metadata.lfcThreshold} (up)       : ${up}, ${pct(up)}`,
      `LFC < ${-this.metadata.lfcThreshold} (down)     : ${down}, ${pct(down)}`,
      `outliers [1]       : ${outliers}, ${pct(outliers)}`,
      `low counts [2]     : ${low}, ${pct(low)}`,
      `(mean count < ${this.metadata.filterThreshold === undefined ? "-" : Math.round(this.metadata.filterThreshold)})`,
      `[1] see 'cooksCutoff' argument of results()`,
      `[2] see 'independentFiltering' argument of results()`,
    ];
    return lines.join("\n");
  }
}

/**
 * Compute the results table (gene_id, baseMean, log2FoldChange, lfcSE, stat, pvalue, padj).
 */
export function computeResults(input: ResultsInput, options: ResultsOptions = {}, cooksDefault = NaN): DESeqResults {
  const { genes, design, baseMean, allZero, fit } = input;
  const n = genes.length;
  const p = fit.p;
  const m = design.matrix.rows;
  const alpha = options.alpha ?? 0.1;
  if (!(alpha > 0 && alpha < 1)) throw new InputError(`alpha must be between 0 and 1, got ${alpha}`, "results");
  const T = options.lfcThreshold ?? 0;
  if (!(T >= 0)) throw new InputError(`lfcThreshold must be >= 0, got ${T}`, "results");
  const alt = options.altHypothesis ?? "greaterAbs";
  if (T === 0 && alt === "lessAbs") throw new InputError("altHypothesis 'lessAbs' needs a positive lfcThreshold", "results");
  const c = resolveContrast(design, options.contrast);
  if (input.lrt && !(T === 0 && alt === "greaterAbs")) {
    throw new InputError("lfcThreshold and altHypothesis need a Wald test, not the likelihood-ratio test", "results");
  }
  const lfc = new Float64Array(n).fill(NaN);
  const se = new Float64Array(n).fill(NaN);
  const stat = new Float64Array(n).fill(NaN);
  const pvalue = new Float64Array(n).fill(NaN);
  // DESeq2's rule: a comparison between samples that all have zero counts has log2 fold
  // change 0, statistic 0 and p-value 1. It applies to factor contrasts (the samples of the
  // two levels) and to numeric contrasts with both signs (the samples whose design rows
  // touch the contrast's coefficients), not to a coefficient asked for by name.
  let groupSamples: number[] | null = null;
  if (c.groups) {
    const vals = input.sampleValues(c.groups.factor);
    groupSamples = vals.map((v, j) => (v === c.groups!.level || v === c.groups!.reference ? j : -1)).filter((j) => j >= 0);
  } else if (c.vector && c.vector.some((v) => v > 0) && c.vector.some((v) => v < 0)) {
    const x = design.matrix.data;
    groupSamples = [];
    for (let j = 0; j < m; j++) {
      let t = 0;
      for (let k = 0; k < p; k++) t += x[j * p + k] * (c.vector[k] === 0 ? 0 : 1);
      if (t !== 0) groupSamples.push(j);
    }
  }
  for (let g = 0; g < n; g++) {
    if (allZero[g]) continue;
    let est: number;
    let s: number;
    if (c.coefficient !== undefined) {
      est = c.sign * fit.beta[g * p + c.coefficient];
      s = fit.se[g * p + c.coefficient];
    } else {
      const v = c.vector!;
      est = 0;
      for (let k = 0; k < p; k++) est += v[k] * fit.beta[g * p + k];
      let q = 0;
      for (let a = 0; a < p; a++) for (let b = 0; b < p; b++) q += v[a] * fit.sigma[g * p * p + a * p + b] * v[b];
      s = Math.sqrt(Math.max(q, 0));
    }
    if (groupSamples && groupSamples.every((j) => input.counts[g * m + j] === 0)) {
      lfc[g] = 0;
      se[g] = s;
      stat[g] = input.lrt ? input.lrt.stat[g] : 0;
      pvalue[g] = input.lrt ? input.lrt.pvalue[g] : 1;
      continue;
    }
    lfc[g] = est;
    se[g] = s;
    if (input.lrt) {
      stat[g] = input.lrt.stat[g];
      pvalue[g] = input.lrt.pvalue[g];
    } else if (T === 0 && alt === "greaterAbs") {
      stat[g] = est / s;
      pvalue[g] = normalTwoSided(stat[g]);
    } else if (alt === "greaterAbs") {
      stat[g] = Math.sign(est) * Math.max((Math.abs(est) - T) / s, 0);
      pvalue[g] = Math.min(1, 2 * normalUpper((Math.abs(est) - T) / s));
    } else if (alt === "lessAbs") {
      const above = (T - est) / s;
      const below = (est + T) / s;
      stat[g] = Math.min(Math.max(above, 0), Math.max(below, 0));
      pvalue[g] = Math.max(normalUpper(above), normalUpper(below));
    } else if (alt === "greater") {
      stat[g] = Math.max((est - T) / s, 0);
      pvalue[g] = normalUpper((est - T) / s);
    } else {
      stat[g] = Math.min((est + T) / s, 0);
      pvalue[g] = normalUpper((-T - est) / s);
    }
  }
  // Cook's distance filtering.
  let cooksCutoff: number | false = false;
  if (options.cooksCutoff !== false) {
    cooksCutoff = typeof options.cooksCutoff === "number" ? options.cooksCutoff : cooksDefault;
    if (input.maxCooks && Number.isFinite(cooksCutoff)) {
      // With one two-level factor, an outlier is kept when three or more samples have higher counts.
      const single = design.variables.length === 1 && design.variables[0].kind === "factor" && design.variables[0].levels!.length === 2;
      for (let g = 0; g < n; g++) {
        if (!(input.maxCooks[g] > (cooksCutoff as number))) continue;
        if (single && input.cooks) {
          let jMax = 0;
          for (let j = 1; j < m; j++) if (input.cooks[g * m + j] > input.cooks[g * m + jMax]) jMax = j;
          const outCount = input.counts[g * m + jMax];
          let higher = 0;
          for (let j = 0; j < m; j++) if (input.counts[g * m + j] > outCount) higher++;
          if (higher >= 3) continue;
        }
        pvalue[g] = NaN;
      }
    }
  }
  // Genes that became all zero after outlier replacement: 0, 0, 0, p = 1 (DESeq2).
  if (input.replaced) {
    for (let g = 0; g < n; g++) {
      if (input.replaced[g] && baseMean[g] === 0) {
        lfc[g] = 0;
        se[g] = 0;
        stat[g] = 0;
        pvalue[g] = 1;
      }
    }
  }
  const useIF = options.independentFiltering !== false;
  let padj: Float64Array;
  const metadata: DESeqResults["metadata"] = {
    contrast: input.lrt ? `LRT ${design.formula} vs ${input.lrt.reduced}; log2 fold change: ${c.label}` : c.label,
    alpha,
    lfcThreshold: T,
    altHypothesis: alt,
    cooksCutoff,
    independentFiltering: useIF,
  };
  if (useIF) {
    const r = independentFiltering(baseMean, pvalue, { alpha });
    padj = r.padj;
    metadata.filterThreshold = r.filterThreshold;
    metadata.filterTheta = r.filterTheta;
    metadata.filterNumRej = { theta: Array.from(r.theta), numRej: Array.from(r.numRej) };
  } else {
    padj = noIndependentFiltering(pvalue).padj;
  }
  return new DESeqResults(
    ["gene_id", "baseMean", "log2FoldChange", "lfcSE", "stat", "pvalue", "padj"],
    [genes.slice(), Float64Array.from(baseMean), lfc, se, stat, pvalue, padj],
    metadata,
  );
}
