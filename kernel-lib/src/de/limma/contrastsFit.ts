/**
 * Re-express a linear-model fit in terms of contrasts of its coefficients (limma's
 * `contrasts.fit`). Standard errors use the design's coefficient correlations, exactly so for
 * unweighted fits and, as limma, approximately for weighted ones.
 */
import type { LinearModelFit } from "./lmFit";
import { cholesky } from "../../stats/linalg";
import { InputError } from "../../io/errors";

/**
 * Apply contrasts: `contrasts` is p x k (one column per contrast, given as k arrays of length p).
 *
 * @example
 * // difference of two group means in a no-intercept design ~0 + group
 * contrastsFit(fit, [[-1, 1]], ["B-A"]);
 */
export function contrastsFit(fit: LinearModelFit, contrasts: number[][], names?: string[]): LinearModelFit {
  const p = fit.coefNames.length;
  const k = contrasts.length;
  contrasts.forEach((c, j) => {
    if (c.length !== p) throw new InputError(`contrast ${j + 1} has ${c.length} entries for ${p} coefficients`, "contrastsFit");
    if (c.some((v) => !Number.isFinite(v))) throw new InputError(`contrast ${j + 1} has a non-finite entry`, "contrastsFit");
  });
  const cov = fit.covCoefficients;
  const sd = Float64Array.from({ length: p }, (_, i) => Math.sqrt(cov[i * p + i]));
  const cor = Float64Array.from(cov, (v, idx) => v / (sd[Math.floor(idx / p)] * sd[idx % p]));
  let orthog = true;
  for (let i = 0; i < p; i++) for (let j = 0; j < i; j++) if (Math.abs(cor[i * p + j]) >= 1e-14) orthog = false;
  const n = fit.nGenes;
  const coefficients = new Float64Array(n * k);
  const stdevUnscaled = new Float64Array(n * k);
  // upper-triangular R with R'R = cor (R = L')
  const L = orthog ? null : cholesky(cor, p);
  for (let g = 0; g < n; g++) {
    for (let j = 0; j < k; j++) {
      let b = 0;
      let v = 0;
      for (let i = 0; i < p; i++) {
        b += fit.coefficients[g * p + i] * contrasts[j][i];
        if (orthog) v += (fit.stdevUnscaled[g * p + i] * contrasts[j][i]) ** 2;
      }
      if (!orthog) {
        for (let r = 0; r < p; r++) {
          let s = 0;
          for (let c = r; c < p; c++) s += L![c * p + r] * fit.stdevUnscaled[g * p + c] * contrasts[j][c];
          v += s * s;
        }
      }
      coefficients[g * k + j] = b;
      stdevUnscaled[g * k + j] = Math.sqrt(v);
    }
  }
  const covNew = new Float64Array(k * k);
  for (let a = 0; a < k; a++) for (let b = 0; b < k; b++) {
    let s = 0;
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) s += contrasts[a][i] * cov[i * p + j] * contrasts[b][j];
    covNew[a * k + b] = s;
  }
  return {
    ...fit,
    coefNames: names ?? contrasts.map((_, j) => `contrast${j + 1}`),
    coefficients,
    stdevUnscaled,
    covCoefficients: covNew,
  };
}
