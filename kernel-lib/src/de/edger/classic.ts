/**
 * edgeR's classic (single-factor) machinery: the quantile-to-quantile adjustment of counts to
 * a common library size (`q2qnbinom`, `equalizeLibSizes`; Robinson & Smyth 2008) and the
 * conditional log-likelihood of the dispersion given each group's pseudo-count total.
 */
import { gammaQuantileMap, shapeTerm } from "../../stats/logtails";
import { rLgamma, lgammaFast } from "../../stats/rmath";
import { oneGroupFit } from "./oneGroup";

/**
 * Move a count from an NB(input mean) to the same quantile of NB(output mean), averaging a
 * normal and a gamma approximation as edgeR's `q2qnbinom`.
 *
 * The normal half is R's pnorm-then-qnorm round trip written as what it computes, the same
 * standard score on the output scale. The gamma half inverts at the output shape from the
 * input's Wilson-Hilferty score mapped to the output: input and output shapes are close, so
 * the approximation's errors nearly cancel and one Halley step usually suffices (and
 * {@link gammaQuantileMap} evaluates the input's tail and that step's together).
 *
 * @example
 * q2qnbinom(12, 10, 20, 0.1); // about 24
 */
export function q2qnbinom(x: number, inputMean: number, outputMean: number, dispersion: number, cache?: ShapeTermCache): number {
  const eps = 1e-14;
  if (inputMean < eps || outputMean < eps) {
    inputMean += 0.25;
    outputMean += 0.25;
  }
  const ri = 1 + dispersion * inputMean;
  const vi = inputMean * ri;
  const ro = 1 + dispersion * outputMean;
  const vo = outputMean * ro;
  const upper = x >= inputMean;
  const q1 = outputMean + Math.sqrt(vo) * ((x - inputMean) / Math.sqrt(vi));
  const ai = inputMean / ri;
  const ao = outputMean / ro;
  const ci = 1 / (9 * ai);
  const co = 1 / (9 * ao);
  const z = (Math.cbrt(x / inputMean) - 1 + ci) / Math.sqrt(ci);
  const base = 1 - co + z * Math.sqrt(co);
  let term = NaN;
  if (cache) {
    if (cache.shape !== ao) {
      cache.shape = ao;
      cache.term = shapeTerm(ao);
    }
    term = cache.term;
  }
  const q2 = gammaQuantileMap(x, ai, ri, ao, ro, upper, ao * ro * base * base * base, term);
  return (q1 + q2) / 2;
}

/**
 * The output shape's term of the gamma quantile for {@link q2qnbinom}, kept between calls: the
 * samples of a group (or of a gene, in the exact test) share their output mean, so it is
 * computed once for all of them.
 */
export interface ShapeTermCache {
  shape: number;
  term: number;
}

/**
 * Pseudo-counts at the geometric-mean library size (edgeR's `equalizeLibSizes`), genes x
 * samples gene-major; `group` gives each sample's group index. `out`: where to write them
 * (else a new array).
 */
export function equalizeLibSizes(values: ArrayLike<number>, nGenes: number, group: number[], libSize: ArrayLike<number>, dispersion: ArrayLike<number>, out?: Float64Array): { pseudo: Float64Array; commonLibSize: number } {
  const m = group.length;
  let sl = 0;
  for (let j = 0; j < m; j++) sl += Math.log(libSize[j]);
  const common = Math.exp(sl / m);
  const offset = Float64Array.from({ length: m }, (_, j) => Math.log(libSize[j]));
  const groups = [...new Set(group)];
  const colsOf = groups.map((g) => Int32Array.from(group.map((h, j) => (h === g ? j : -1)).filter((j) => j >= 0)));
  if (out && out.length < nGenes * m) throw new RangeError("the output array is too short");
  const pseudo = out ?? new Float64Array(nGenes * m);
  const disp = new Float64Array(m);
  const row = new Float64Array(m);
  const cache: ShapeTermCache = { shape: NaN, term: NaN };
  // exp(offset) once for all genes' group fits
  const fitOptions = { lib: Float64Array.from(offset, Math.exp) };
  for (let g = 0; g < nGenes; g++) {
    disp.fill(dispersion[g]);
    for (let j = 0; j < m; j++) row[j] = values[g * m + j];
    for (const cols of colsOf) {
      const lambda = Math.exp(oneGroupFit(row, offset, disp, null, cols, fitOptions));
      for (const j of cols) {
        const v = q2qnbinom(row[j], lambda * libSize[j], lambda * common, dispersion[g], cache);
        pseudo[g * m + j] = v < 0 ? 0 : v;
      }
    }
  }
  return { pseudo, commonLibSize: common };
}

/**
 * Conditional log-likelihood of delta = phi / (1 + phi) for one gene's pseudo-counts in one
 * group (edgeR's `condLogLikDerDelta`, der = 0): sum lgamma(y + r) + lgamma(n r) -
 * lgamma(n (ybar + r)) - n lgamma(r) with r = 1/delta - 1. `shared`: the gene-free terms
 * lgamma(n r) and n lgamma(r) of {@link condLogLikShared} when computed once for many genes.
 * `offset`: where the gene's values start in `y` (a genes x samples matrix, read in place).
 */
export function condLogLik(y: ArrayLike<number>, cols: number[], delta: number, shared?: CondLogLikShared, offset = 0): number {
  const r = 1 / delta - 1;
  const n = cols.length;
  let s = 0;
  let sum = 0;
  for (let t = 0; t < n; t++) {
    const v = y[offset + cols[t]];
    s += lgammaFast(v + r);
    sum += v;
  }
  const c = shared ?? condLogLikShared(delta, n);
  return s + c.lgNr - rLgamma(n * (sum / n + r)) - c.nLgR;
}

/** The terms of {@link condLogLik} that do not depend on the gene. */
export interface CondLogLikShared {
  /** lgamma(n r) */
  lgNr: number;
  /** n lgamma(r) */
  nLgR: number;
}

/** {@link CondLogLikShared} for `delta` and a group of `n` samples. */
export function condLogLikShared(delta: number, n: number): CondLogLikShared {
  const r = 1 / delta - 1;
  return { lgNr: rLgamma(n * r), nLgR: n * rLgamma(r) };
}
