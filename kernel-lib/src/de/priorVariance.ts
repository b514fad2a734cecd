/**
 * DESeq2's prior variance of log dispersions when the residual degrees of freedom are few.
 *
 * `estimateDispersionsPriorVar` (DESeq2 1.38) normally takes the variance of the log
 * dispersion residuals minus trigamma(df / 2). With df = m - p of 1, 2 or 3 that difference
 * is unreliable, and DESeq2 instead matches distributions by simulation:
 *
 * ```r
 * set.seed(2)
 * obsDist <- dispResiduals[aboveMinDisp]; brks <- -20:20/2
 * obsDist <- obsDist[obsDist > min(brks) & obsDist < max(brks)]
 * obsVarGrid <- seq(from = 0, to = 8, length = 200)
 * obsDistHist <- hist(obsDist, breaks = brks, plot = FALSE)
 * klDivs <- sapply(obsVarGrid, function(x) {
 *   randDist <- log(rchisq(1e4, df = df)) + rnorm(1e4, 0, sqrt(x)) - log(df)
 *   randDist <- randDist[randDist > min(brks) & randDist < max(brks)]
 *   randDistHist <- hist(randDist, breaks = brks, plot = FALSE)
 *   z <- c(obsDistHist$density, randDistHist$density); small <- min(z[z > 0])
 *   sum(obsDistHist$density * (log(obsDistHist$density + small) - log(randDistHist$density + small)))
 * })
 * lofit <- loess(klDivs ~ obsVarGrid, span = 0.2)
 * obsVarFineGrid <- seq(from = 0, to = 8, length = 1000)
 * argminKL <- obsVarFineGrid[which.min(predict(lofit, obsVarFineGrid))]
 * dispPriorVar <- pmax(argminKL, 0.25)
 * ```
 *
 * This module reproduces that procedure exactly: R's random streams (`RRandom`), `hist`'s
 * fuzzy breaks and bin search, R's `sum` (accumulated in x87 80-bit extended precision),
 * R's `seq` and R's `loess` (`loess1d`), so the result is the grid point R picks.
 */
import { RRandom, crLog } from "../stats/rrandom";
import { loess1d } from "../stats/loess";

/** Number of simulated draws per grid point (DESeq2's 10000). */
const N_SIM = 10000;
/** Breaks -10, -9.5, ..., 10: 40 bins of width 1/2. */
const N_BINS = 40;

/** R's `seq(from, to, length.out = n)` for n > 2 and from != to (from + i * ((to - from) / (n - 1)), last = to). */
function rSeq(from: number, to: number, n: number): Float64Array {
  const out = new Float64Array(n);
  const by = (to - from) / (n - 1);
  out[0] = from;
  for (let i = 1; i < n - 1; i++) out[i] = from + i * by;
  out[n - 1] = to;
  return out;
}

/**
 * The fuzzy breaks of R's `hist(x, breaks = -20:20/2)` (right-closed bins, lowest included):
 * each break moved up by 1e-7 * median bin width, the first moved down.
 */
const FUZZY_BREAKS: Float64Array = (() => {
  const fuzz = 1e-7 * 0.5;
  const b = new Float64Array(N_BINS + 1);
  for (let i = 0; i <= N_BINS; i++) b[i] = (i - 20) / 2 + (i === 0 ? -fuzz : fuzz);
  return b;
})();

/**
 * Bin of a value strictly inside (-10, 10), as R's `C_BinCount` binary search over the
 * fuzzy breaks: the number of breaks 1..39 lying strictly below x.
 */
function binOf(x: number): number {
  let g = Math.floor((x + 10) * 2);
  if (g < 0) g = 0;
  else if (g > N_BINS - 1) g = N_BINS - 1;
  while (g > 0 && x <= FUZZY_BREAKS[g]) g--;
  while (g < N_BINS - 1 && x > FUZZY_BREAKS[g + 1]) g++;
  return g;
}

/** `hist(...)$density` from bin counts and the number of counted values: counts / (n * 0.5). */
function densities(counts: Int32Array, n: number, out: Float64Array): void {
  const nh = n * 0.5;
  for (let i = 0; i < N_BINS; i++) out[i] = counts[i] / nh;
}

const F64 = new Float64Array(1);
const U32 = new Uint32Array(F64.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * Sum of doubles as R's `sum()` computes it on x86-64: accumulated in an 80-bit long double
 * (64-bit significand, round to nearest even after every addition), rounded to double at the
 * end. Emulated exactly with BigInt arithmetic (fine for the short vectors used here).
 */
function sumLongDouble(v: ArrayLike<number>): number {
  let M = 0n; // accumulator = M * 2^E, |M| < 2^64
  let E = 0;
  for (let i = 0; i < v.length; i++) {
    const x = v[i];
    if (x === 0) continue;
    if (!Number.isFinite(x)) return simpleSum(v);
    F64[0] = x;
    const hi = U32[HIGH];
    const lo = U32[1 - HIGH];
    const bexp = (hi >>> 20) & 0x7ff;
    let m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
    let e: number;
    if (bexp === 0) {
      e = -1074;
    } else {
      m |= 1n << 52n;
      e = bexp - 1075;
    }
    if (hi >>> 31) m = -m;
    if (M === 0n) {
      M = m;
      E = e;
      continue;
    }
    const e0 = Math.min(E, e);
    let S = (M << BigInt(E - e0)) + (m << BigInt(e - e0));
    E = e0;
    if (S === 0n) {
      M = 0n;
      continue;
    }
    const neg = S < 0n;
    if (neg) S = -S;
    const bits = S.toString(2).length;
    if (bits > 64) {
      const sh = bits - 64;
      const shB = BigInt(sh);
      let q = S >> shB;
      const rem = S - (q << shB);
      const half = 1n << (shB - 1n);
      if (rem > half || (rem === half && (q & 1n) === 1n)) q += 1n;
      S = q;
      E += sh;
    }
    M = neg ? -S : S;
  }
  if (M === 0n) return 0;
  // to double: round the significand once, then scale by 2^E in exact steps
  let r = Number(M);
  let k = E;
  while (k > 1000) {
    r *= 2 ** 1000;
    k -= 1000;
  }
  while (k < -1000) {
    r *= 2 ** -1000;
    k += 1000;
  }
  return r * 2 ** k;
}

function simpleSum(v: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i];
  return s;
}

/** The simulation behind `simulatedPriorVariance`, for inspection. */
export interface PriorVarianceSimulation {
  /** The prior variance: max(argminKL, 0.25). */
  dispPriorVar: number;
  /** The fine-grid point where the loess curve of KL divergences is smallest (first minimum). */
  argminKL: number;
  /** Candidate variances: seq(0, 8, length = 200). */
  obsVarGrid: Float64Array;
  /** Kullback-Leibler divergence of the simulated from the observed histogram, per grid point. */
  klDivs: Float64Array;
  /** seq(0, 8, length = 1000). */
  obsVarFineGrid: Float64Array;
  /** The loess fit (span 0.2) of klDivs on obsVarGrid, predicted on the fine grid. */
  lofitFitted: Float64Array;
  /** Number of residuals inside (-10, 10) that entered the observed histogram. */
  nObserved: number;
  /** Counts of the observed histogram (40 bins of width 1/2 from -10 to 10, right-closed). */
  obsCounts: Int32Array;
}

/**
 * The full simulation of DESeq2's `estimateDispersionsPriorVar` for few residual degrees
 * of freedom, returning the KL curve and its loess fit as well as the prior variance.
 *
 * @param dispResiduals log(dispGeneEst) - log(dispFit) of the genes DESeq2 uses (not all
 *   zero, dispGeneEst >= 100 * minDisp; see `dispersionResiduals`), in gene order; values
 *   outside (-10, 10) and non-finite values are ignored, as in DESeq2.
 * @param df residual degrees of freedom m - p (DESeq2 simulates for 1, 2 and 3)
 * @example
 * const sim = simulatedPriorVarianceDetails(residuals, 2);
 * sim.klDivs; // 200 KL divergences, as klDivs inside DESeq2
 * sim.dispPriorVar; // as attr(dispersionFunction(dds), "dispPriorVar")
 */
export function simulatedPriorVarianceDetails(dispResiduals: ArrayLike<number>, df: number): PriorVarianceSimulation {
  if (!(df > 0) || !Number.isFinite(df)) throw new RangeError(`df must be positive and finite, got ${df}`);
  // observed histogram
  const obsCounts = new Int32Array(N_BINS);
  let nObs = 0;
  for (let i = 0; i < dispResiduals.length; i++) {
    const r = dispResiduals[i];
    if (r > -10 && r < 10) {
      obsCounts[binOf(r)]++;
      nObs++;
    }
  }
  if (nObs === 0) throw new RangeError("no dispersion residuals inside (-10, 10)");
  const obsDens = new Float64Array(N_BINS);
  densities(obsCounts, nObs, obsDens);

  const rng = new RRandom(2);
  const obsVarGrid = rSeq(0, 8, 200);
  const klDivs = new Float64Array(obsVarGrid.length);
  const chisq = new Float64Array(N_SIM);
  const randCounts = new Int32Array(N_BINS);
  const randDens = new Float64Array(N_BINS);
  const terms = new Float64Array(N_BINS);
  const logDf = crLog(df);
  for (let g = 0; g < obsVarGrid.length; g++) {
    const sd = Math.sqrt(obsVarGrid[g]);
    // R evaluates log(rchisq(1e4, df)) before rnorm(1e4, 0, sd)
    for (let i = 0; i < N_SIM; i++) chisq[i] = rng.rchisq(df);
    randCounts.fill(0);
    let nRand = 0;
    for (let i = 0; i < N_SIM; i++) {
      const r = crLog(chisq[i]) + rng.rnorm(0, sd) - logDf;
      if (r > -10 && r < 10) {
        randCounts[binOf(r)]++;
        nRand++;
      }
    }
    densities(randCounts, nRand, randDens);
    let small = Infinity;
    for (let i = 0; i < N_BINS; i++) {
      if (obsDens[i] > 0 && obsDens[i] < small) small = obsDens[i];
      if (randDens[i] > 0 && randDens[i] < small) small = randDens[i];
    }
    for (let i = 0; i < N_BINS; i++) {
      terms[i] = obsDens[i] * (crLog(obsDens[i] + small) - crLog(randDens[i] + small));
    }
    klDivs[g] = sumLongDouble(terms);
  }
  const lofit = loess1d(obsVarGrid, klDivs, { span: 0.2 });
  const obsVarFineGrid = rSeq(0, 8, 1000);
  const lofitFitted = lofit.predict(obsVarFineGrid);
  let best = -1;
  for (let i = 0; i < lofitFitted.length; i++) {
    if (Number.isNaN(lofitFitted[i])) continue;
    if (best < 0 || lofitFitted[i] < lofitFitted[best]) best = i;
  }
  const argminKL = obsVarFineGrid[best];
  return {
    dispPriorVar: Math.max(argminKL, 0.25),
    argminKL,
    obsVarGrid,
    klDivs,
    obsVarFineGrid,
    lofitFitted,
    nObserved: nObs,
    obsCounts,
  };
}

/**
 * DESeq2's prior variance of log dispersions for few residual degrees of freedom (m - p of
 * 1, 2 or 3): the variance on seq(0, 8, length = 1000) whose simulated distribution of
 * log chi-squared / df plus normal noise is closest, in Kullback-Leibler divergence of
 * histograms smoothed by loess, to the observed dispersion residuals; at least 0.25.
 * Reproduces `DESeq2:::estimateDispersionsPriorVar` (1.38) exactly, random seed 2 included.
 *
 * @param dispResiduals log(dispGeneEst) - log(dispFit) per gene, for the genes DESeq2 uses
 *   (see `dispersionResiduals`)
 * @param df residual degrees of freedom (number of samples minus number of coefficients)
 * @example
 * // 4 samples, design ~ condition (2 coefficients): df = 2
 * const residuals = dispersionResiduals(dispGeneEst, dispFit);
 * simulatedPriorVariance(residuals, 2); // e.g. 1.0730730730730731, a point of seq(0, 8, length = 1000)
 */
export function simulatedPriorVariance(dispResiduals: ArrayLike<number>, df: number): number {
  return simulatedPriorVarianceDetails(dispResiduals, df).dispPriorVar;
}

/**
 * The dispersion residuals DESeq2's prior-variance step uses: log(dispGeneEst) -
 * log(dispFit) for the genes with dispGeneEst >= 100 * minDisp (genes whose counts are all
 * zero must be left out by the caller, or given NaN, which is skipped), in gene order.
 *
 * @param dispGeneEst gene-wise dispersion estimates
 * @param dispFit fitted (trend) dispersions, same length
 * @param minDisp DESeq2's `minDisp` (default 1e-8)
 * @example
 * dispersionResiduals([0.1, 1e-8, 0.4], [0.2, 0.2, 0.2]); // Float64Array [log(0.5), log(2)]
 */
export function dispersionResiduals(
  dispGeneEst: ArrayLike<number>,
  dispFit: ArrayLike<number>,
  minDisp = 1e-8,
): Float64Array {
  if (dispGeneEst.length !== dispFit.length) {
    throw new RangeError(`dispGeneEst and dispFit differ in length (${dispGeneEst.length}, ${dispFit.length})`);
  }
  const out: number[] = [];
  for (let i = 0; i < dispGeneEst.length; i++) {
    const g = dispGeneEst[i];
    if (g >= minDisp * 100) out.push(crLog(g) - crLog(dispFit[i]));
  }
  return Float64Array.from(out);
}
