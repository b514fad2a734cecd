/**
 * edgeR's exact test for two groups (Robinson & Smyth 2008, Biostatistics 9:321): counts are
 * first moved to a common library size (quantile adjustment); conditional on a gene's total,
 * group 1's pseudo-count sum follows a known distribution, and the p-value doubles the smaller
 * tail (`rejection.region = "doubletail"`), with a beta approximation when both sums exceed
 * `bigCount`. log fold changes come from one-group fits with a prior count.
 */
import { betainc } from "../../stats/stdlib";
import { rDnbinomMuLog } from "../../stats/rmath";
import { oneGroupFit } from "./oneGroup";
import { q2qnbinom, type ShapeTermCache } from "./classic";

/**
 * Double-tail exact p-values for the (pseudo-)count sums s1 (n1 libraries) and s2 (n2).
 *
 * @example
 * exactTestDoubleTail(5, 40, 2, 2, 0.05);
 */
export function exactTestDoubleTail(sum1: number, sum2: number, n1: number, n2: number, dispersion: number, bigCount = 900): number {
  const s1 = Math.round(sum1);
  const s2 = Math.round(sum2);
  const s = s1 + s2;
  const mu = s / (n1 + n2);
  const mu1 = n1 * mu;
  const mu2 = n2 * mu;
  if (dispersion <= 0) return binomTest(s1, s2, n1 / (n1 + n2));
  if (s1 > bigCount && s2 > bigCount) return betaApprox(sum1, sum2, n1, n2, dispersion);
  if (s1 === mu1) return 1;
  const pBot = Math.exp(rDnbinomMuLog(s, (n1 + n2) / dispersion, s));
  const size1 = n1 / dispersion;
  const size2 = n2 / dispersion;
  // the tail from the observed s1 outwards: the first term exactly, the others by the ratio of
  // successive NB probabilities (terms shrink away from the mode, so nothing underflows early)
  const a1 = mu1 / (size1 + mu1);
  const a2 = (size2 + mu2) / mu2;
  let term = Math.exp(rDnbinomMuLog(s1, size1, mu1) + rDnbinomMuLog(s - s1, size2, mu2));
  let top = term;
  if (s1 < mu1) {
    for (let x = s1; x > 0 && term > 0; x--) {
      // t(x-1)/t(x) = [x / (x-1+size1)] / a1 x [(s-x+size2) / (s-x+1)] / a2
      term *= ((x / (x - 1 + size1)) * ((s - x + size2) / (s - x + 1))) / (a1 * a2);
      top += term;
    }
  } else {
    for (let x = s1; x < s && term > 0; x++) {
      // t(x+1)/t(x) = [(x+size1) / (x+1)] a1 x [(s-x) / (s-x-1+size2)] a2
      term *= ((x + size1) / (x + 1)) * a1 * ((s - x) / (s - x - 1 + size2)) * a2;
      top += term;
    }
  }
  return Math.min((2 * top) / pBot, 1);
}

/** edgeR's `exactTestBetaApprox` for large counts (on the unrounded sums). */
function betaApprox(y1: number, y2: number, n1: number, n2: number, dispersion: number): number {
  const y = y1 + y2;
  if (y <= 0) return 1;
  const mu = y / (n1 + n2);
  const alpha1 = (n1 * mu) / (1 + dispersion * mu);
  const alpha2 = (n2 / n1) * alpha1;
  // edgeR compares (y1 +/- 0.5) / y with the beta median; the same comparison is whether the
  // tail probability there is below one half, which the p-value needs anyway (so no quantile)
  const lower = betainc((y1 + 0.5) / y, alpha1, alpha2, true, false);
  if (lower < 0.5) return 2 * lower;
  const upper = betainc((y1 - 0.5) / y, alpha1, alpha2, true, true);
  if (upper < 0.5) return 2 * upper;
  return 1;
}

/**
 * Exact binomial test of s1 out of s1 + s2 against proportion p (edgeR's `binomTest`: the
 * p-value sums the probabilities no larger than that observed, with a relative tolerance).
 */
export function binomTest(s1: number, s2: number, p: number): number {
  const n = s1 + s2;
  if (n === 0) return 1;
  const logd = (k: number) => lchoose(n, k) + k * Math.log(p) + (n - k) * Math.log1p(-p);
  const d0 = logd(s1);
  let total = 0;
  for (let k = 0; k <= n; k++) {
    const d = logd(k);
    if (d <= d0 + 1e-7 * Math.abs(d0) || d <= d0) total += Math.exp(d);
  }
  return Math.min(total, 1);
}

function lchoose(n: number, k: number): number {
  let s = 0;
  for (let i = 1; i <= k; i++) s += Math.log((n - k + i) / i);
  return s;
}

/** Inputs of {@link exactTest}: one gene-major count matrix restricted to the two groups. */
export interface ExactTestInput {
  values: ArrayLike<number>;
  nGenes: number;
  /** Per sample: 0 for the first (reference) group, 1 for the second, -1 to leave out. */
  group: number[];
  /** Effective library sizes (lib.size x norm.factors). */
  libSize: ArrayLike<number>;
  /** Dispersion per gene. */
  dispersion: ArrayLike<number>;
  priorCount?: number;
  bigCount?: number;
}

/**
 * logFC (group 2 vs group 1, log2) and exact p-values for every gene, as edgeR's `exactTest`.
 *
 * @example
 * exactTest({ values, nGenes, group: [0, 0, 1, 1], libSize, dispersion: tagwise });
 */
export function exactTest(input: ExactTestInput): { logFC: Float64Array; pValue: Float64Array } {
  const { values, nGenes, group, dispersion } = input;
  const all = group.length;
  const use = group.map((g, j) => (g === 0 || g === 1 ? j : -1)).filter((j) => j >= 0);
  const m = use.length;
  const lib = use.map((j) => input.libSize[j]);
  const grp = use.map((j) => group[j]);
  const offset = lib.map((v) => Math.log(v));
  const libAverage = Math.exp(offset.reduce((a, b) => a + b, 0) / m);
  const meanLib = lib.reduce((a, b) => a + b, 0) / m;
  const prior = lib.map((v) => ((input.priorCount ?? 0.125) * v) / meanLib);
  const offsetAug = lib.map((v, k) => Math.log(v + 2 * prior[k]));
  const cols1 = Int32Array.from(grp.map((g, k) => (g === 0 ? k : -1)).filter((k) => k >= 0));
  const cols2 = Int32Array.from(grp.map((g, k) => (g === 1 ? k : -1)).filter((k) => k >= 0));
  // exp of the offsets once for all genes' group fits (the same values the fits would take)
  const fitAug = { lib: Float64Array.from(offsetAug, Math.exp) };
  const fitPlain = { lib: Float64Array.from(offset, Math.exp) };
  if (!cols1.length || !cols2.length) throw new RangeError("exactTest needs libraries in both groups");
  const n1 = cols1.length;
  const n2 = cols2.length;
  const logFC = new Float64Array(nGenes);
  const pValue = new Float64Array(nGenes);
  const y = new Float64Array(m);
  const yAug = new Float64Array(m);
  const disp = new Float64Array(m);
  const cache: ShapeTermCache = { shape: NaN, term: NaN };
  for (let g = 0; g < nGenes; g++) {
    for (let k = 0; k < m; k++) {
      y[k] = values[g * all + use[k]];
      yAug[k] = y[k] + prior[k];
    }
    disp.fill(dispersion[g]);
    const a1 = oneGroupFit(yAug, offsetAug, disp, null, cols1, fitAug);
    const a2 = oneGroupFit(yAug, offsetAug, disp, null, cols2, fitAug);
    logFC[g] = (a2 - a1) / Math.LN2;
    const e = Math.exp(oneGroupFit(y, offset, disp, null, undefined, fitPlain));
    let s1 = 0;
    let s2 = 0;
    for (let k = 0; k < m; k++) {
      const v = q2qnbinom(y[k], e * lib[k], e * libAverage, dispersion[g], cache);
      if (grp[k] === 0) s1 += v;
      else s2 += v;
    }
    pValue[g] = exactTestDoubleTail(s1, s2, n1, n2, dispersion[g], input.bigCount ?? 900);
  }
  return { logFC, pValue };
}
