/**
 * The data contract of the interactive gene-signature widget: MIME type
 * `application/vnd.p53lab.signature+json`, version 1. The kernel side builds it
 * (`signatureWidget`), the JupyterLab extension and the standalone report script render
 * it. Both sides call {@link validateSignaturePayload}, so a payload that passes here
 * renders there. This module is pure (no imports, no Node APIs): the browser bundles it.
 *
 * Arrays of numbers use `null` for missing values (JSON has no NaN).
 */

/** The MIME type of the widget. */
export const SIGNATURE_WIDGET_MIME = "application/vnd.p53lab.signature+json";

/** The contract version this module writes and reads. */
export const SIGNATURE_WIDGET_VERSION = 1;

/** One DE result (contrast), aligned to `genes`. */
export interface WidgetContrast {
  /** Shown in the contrast menu, e.g. "Nutlin-3a vs DMSO (DESeq2)". */
  name: string;
  /** "deseq2", "edger-qlf", "voom", ... (free text). */
  method: string;
  /** log2 fold change per gene (null when not tested). */
  log2FC: (number | null)[];
  /** Adjusted p-value per gene (null when filtered or not tested). */
  padj: (number | null)[];
  /** Raw p-value per gene. */
  pvalue: (number | null)[];
  /** Mean expression per gene for the MA plot: log2 of DESeq2's baseMean + 1, or logCPM / AveExpr. */
  meanExpr: (number | null)[];
  /** Axis title for `meanExpr`. */
  meanLabel: string;
}

/** One gene set. */
export interface WidgetSignature {
  name: string;
  source?: string;
  /** Members, as indices into `genes` (members absent from `genes` are listed in `missing`). */
  members: number[];
  /** Per-member weight (same order as `members`); +1 when absent. */
  weights?: number[];
  /** Members not measured in these data. */
  missing: string[];
}

/** Expression for the heatmap (z-scored per gene by the widget). */
export interface WidgetExpression {
  /** What the values are, e.g. "VST (log2 scale)". */
  label: string;
  /** Indices into `genes` of the rows given. */
  genes: number[];
  /** One row per entry of `genes`, one value per sample. */
  values: (number | null)[][];
}

/** Per-sample signature scores. */
export interface WidgetScores {
  method: string;
  /** One row per signature (same order as `signatures`), one value per sample. */
  values: (number | null)[][];
}

/** Version 1 of the payload. */
export interface SignatureWidgetPayload {
  version: 1;
  title: string;
  /** Gene labels shown (symbols where known), unique. */
  genes: string[];
  /** The gene identifiers of the input when they differ from the labels (e.g. Ensembl IDs). */
  geneIds?: string[];
  contrasts: WidgetContrast[];
  signatures: WidgetSignature[];
  /** Sample names (columns of expression and scores). */
  samples: string[];
  /** Sample annotation columns, one value per sample. */
  sampleInfo: Record<string, string[]>;
  /** The annotation column used to group samples (score plot, heatmap colours). */
  groupBy?: string;
  expression?: WidgetExpression;
  scores?: WidgetScores;
  /** Significance level for highlighting. */
  alpha: number;
  /** Free text shown under the widget (data provenance, e.g. "SIMULATED"). */
  note?: string;
}

/** A payload that failed validation: the message names the field. */
export class WidgetPayloadError extends Error {
  constructor(message: string) {
    super(`signature widget payload: ${message}`);
    this.name = "WidgetPayloadError";
  }
}

function fail(msg: string): never {
  throw new WidgetPayloadError(msg);
}

function isObj(x: unknown): x is Record<string, unknown> {
  return typeof x === "object" && x !== null && !Array.isArray(x);
}

function strArray(x: unknown, where: string): string[] {
  if (!Array.isArray(x)) fail(`${where} must be an array of strings`);
  x.forEach((v, i) => {
    if (typeof v !== "string") fail(`${where}[${i}] must be a string`);
  });
  return x as string[];
}

function numArray(x: unknown, n: number, where: string, unit: string): void {
  if (!Array.isArray(x)) fail(`${where} must be an array`);
  if (x.length !== n) fail(`${where} has ${x.length} values for ${n} ${unit}`);
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v !== null && (typeof v !== "number" || !Number.isFinite(v))) fail(`${where}[${i}] must be a finite number or null`);
  }
}

function indexArray(x: unknown, n: number, where: string): number[] {
  if (!Array.isArray(x)) fail(`${where} must be an array of gene indices`);
  x.forEach((v, i) => {
    if (!Number.isInteger(v) || (v as number) < 0 || (v as number) >= n) fail(`${where}[${i}] is not a gene index (0..${n - 1})`);
  });
  return x as number[];
}

/**
 * Check that `x` is a version-1 signature widget payload; returns it typed. Throws a
 * {@link WidgetPayloadError} naming the first field that is wrong.
 *
 * @example
 * validateSignaturePayload({ version: 2 }); // throws: "version 2 is not supported (this renderer reads version 1)"
 */
export function validateSignaturePayload(x: unknown): SignatureWidgetPayload {
  if (!isObj(x)) fail("expected an object");
  if (x.version !== SIGNATURE_WIDGET_VERSION) {
    fail(`version ${JSON.stringify(x.version)} is not supported (this renderer reads version ${SIGNATURE_WIDGET_VERSION})`);
  }
  if (typeof x.title !== "string") fail("title must be a string");
  const genes = strArray(x.genes, "genes");
  const seen = new Set<string>();
  genes.forEach((g, i) => {
    if (seen.has(g)) fail(`genes[${i}] "${g}" is a duplicate`);
    seen.add(g);
  });
  const n = genes.length;
  if (x.geneIds !== undefined && strArray(x.geneIds, "geneIds").length !== n) fail("geneIds must have one entry per gene");
  if (!Array.isArray(x.contrasts) || x.contrasts.length === 0) fail("contrasts must be a non-empty array");
  const contrastNames = new Set<string>();
  x.contrasts.forEach((c, k) => {
    const w = `contrasts[${k}]`;
    if (!isObj(c)) fail(`${w} must be an object`);
    if (typeof c.name !== "string" || c.name === "") fail(`${w}.name must be a non-empty string`);
    if (contrastNames.has(c.name)) fail(`${w}.name "${c.name}" is used twice`);
    contrastNames.add(c.name);
    if (typeof c.method !== "string") fail(`${w}.method must be a string`);
    if (typeof c.meanLabel !== "string") fail(`${w}.meanLabel must be a string`);
    for (const f of ["log2FC", "padj", "pvalue", "meanExpr"]) numArray(c[f], n, `${w}.${f}`, "genes");
  });
  if (!Array.isArray(x.signatures)) fail("signatures must be an array");
  x.signatures.forEach((s, k) => {
    const w = `signatures[${k}]`;
    if (!isObj(s)) fail(`${w} must be an object`);
    if (typeof s.name !== "string" || s.name === "") fail(`${w}.name must be a non-empty string`);
    const m = indexArray(s.members, n, `${w}.members`);
    if (s.weights !== undefined) numArray(s.weights, m.length, `${w}.weights`, "members");
    strArray(s.missing, `${w}.missing`);
    if (s.source !== undefined && typeof s.source !== "string") fail(`${w}.source must be a string`);
  });
  const samples = strArray(x.samples, "samples");
  if (!isObj(x.sampleInfo)) fail("sampleInfo must be an object of columns");
  for (const [k, v] of Object.entries(x.sampleInfo)) {
    if (strArray(v, `sampleInfo.${k}`).length !== samples.length) fail(`sampleInfo.${k} has ${(v as string[]).length} values for ${samples.length} samples`);
  }
  if (x.groupBy !== undefined && (typeof x.groupBy !== "string" || !(x.groupBy in x.sampleInfo))) {
    fail(`groupBy ${JSON.stringify(x.groupBy)} is not a sampleInfo column`);
  }
  if (x.expression !== undefined) {
    const e = x.expression;
    if (!isObj(e)) fail("expression must be an object");
    if (typeof e.label !== "string") fail("expression.label must be a string");
    const rows = indexArray(e.genes, n, "expression.genes");
    if (!Array.isArray(e.values) || e.values.length !== rows.length) fail("expression.values must have one row per expression gene");
    e.values.forEach((r, i) => numArray(r, samples.length, `expression.values[${i}]`, "samples"));
  }
  if (x.scores !== undefined) {
    const s = x.scores;
    if (!isObj(s) || typeof s.method !== "string") fail("scores.method must be a string");
    if (!Array.isArray(s.values) || s.values.length !== x.signatures.length) fail("scores.values must have one row per signature");
    s.values.forEach((r, i) => numArray(r, samples.length, `scores.values[${i}]`, "samples"));
  }
  if (typeof x.alpha !== "number" || !(x.alpha > 0 && x.alpha < 1)) fail("alpha must be a number between 0 and 1");
  if (x.note !== undefined && typeof x.note !== "string") fail("note must be a string");
  return x as unknown as SignatureWidgetPayload;
}
