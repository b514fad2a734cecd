/**
 * Negative-binomial GLM for a single group (edgeR's `mglmOneGroup`): the maximum-likelihood
 * log-mean beta with log(mu_j) = beta + offset_j, by Newton-Raphson (Fisher scoring) from
 * beta0 = log(mean of y_j / exp(offset_j)). All-zero genes give -Infinity.
 */

/**
 * exp(beta) after a Newton step from exp(beta - step) = `e`: for a small step, e times the
 * Taylor polynomial of exp(step) (five terms: exact to double precision for |step| < 1e-3),
 * which saves an exp per iteration once the fit is close; else exp(beta) itself.
 *
 * @example
 * expStep(Math.exp(2), 2.0001, 0.0001); // Math.exp(2.0001) to within an ulp or two
 */
export function expStep(e: number, beta: number, step: number): number {
  if (!(Math.abs(step) < 1e-3)) return Math.exp(beta);
  return e * (1 + step * (1 + step * (0.5 + step * (1 / 6 + step / 24))));
}

/** Scratch for the library sizes of one call (the fit is synchronous, so one buffer serves). */
const LIB_SCRATCH = new Float64Array(1024);

/** Options of {@link oneGroupFit}. */
export interface OneGroupOptions {
  maxit?: number;
  tol?: number;
  /**
   * exp(offset), one per observation, when the caller fits many genes on the same offsets:
   * must hold exactly `Math.exp(offset[j])` (then the fit is the same to the bit).
   */
  lib?: ArrayLike<number>;
}

/** (one object for every call without options: the fit runs per gene and group in hot loops) */
const DEFAULTS: OneGroupOptions = Object.freeze({});

/**
 * One gene's one-group fit over the observations listed in `cols` (or all when omitted).
 *
 * @example
 * oneGroupFit([10, 20], [Math.log(1e6), Math.log(2e6)], [0.1, 0.1]); // log(1e-5)
 */
export function oneGroupFit(
  y: ArrayLike<number>,
  offset: ArrayLike<number>,
  dispersion: ArrayLike<number>,
  weights?: ArrayLike<number> | null,
  cols?: ArrayLike<number>,
  options: OneGroupOptions = DEFAULTS,
): number {
  const maxit = options.maxit ?? 50;
  const tol = options.tol ?? 1e-10;
  const n = cols ? cols.length : y.length;
  // The library sizes exp(offset_j) once, so that mu_j = exp(beta) * exp(offset_j) costs one
  // exp per iteration rather than one per observation (edgeR's C++ takes exp(beta + offset_j):
  // the two differ by an ulp or two, far inside the convergence tolerance).
  // (Indices and weights are read inline, no per-element closure: this is a hot loop; a weight
  // of one is left out, which changes no result: 1 * v === v.)
  const lib = n <= LIB_SCRATCH.length ? LIB_SCRATCH : new Float64Array(n);
  const given = options.lib;
  let start = 0;
  let totw = 0;
  let nonzero = false;
  for (let k = 0; k < n; k++) {
    const j = cols ? cols[k] : k;
    const w = weights ? weights[j] : 1;
    const libj = given ? given[j] : Math.exp(offset[j]);
    lib[k] = libj;
    if (y[j] > 0) nonzero = true;
    start += (w * y[j]) / libj;
    totw += w;
  }
  if (!nonzero) return -Infinity;
  let beta = Math.log(start / totw);
  let e = Math.exp(beta);
  for (let it = 0; it < maxit; it++) {
    let dl = 0;
    let info = 0;
    if (weights) {
      for (let k = 0; k < n; k++) {
        const j = cols ? cols[k] : k;
        const w = weights[j];
        const mu = e * lib[k];
        const denom = 1 + mu * dispersion[j];
        dl += (w * (y[j] - mu)) / denom;
        info += (w * mu) / denom;
      }
    } else {
      for (let k = 0; k < n; k++) {
        const j = cols ? cols[k] : k;
        const mu = e * lib[k];
        const denom = 1 + mu * dispersion[j];
        dl += (y[j] - mu) / denom;
        info += mu / denom;
      }
    }
    const step = dl / info;
    beta += step;
    e = expStep(e, beta, step);
    if (Math.abs(step) < tol) break;
  }
  return beta;
}
