/**
 * Testing relative to a fold-change threshold (McCarthy & Smyth 2009; limma's `treat`):
 * H0: |beta| <= lfc, with moderated variances as in `eBayes`.
 */
import { tUpper } from "../../stats/tdist";
import type { LinearModelFit } from "./lmFit";
import { moderateVariances, type ModeratedFit } from "./eBayes";

/** Options of {@link treat}. */
export interface TreatOptions {
  /** log2 fold-change threshold (default log2(1.2), as limma's fc = 1.2). */
  lfc?: number;
  trend?: boolean;
  robust?: boolean;
}

/** A fit with treat statistics (no B-statistics). */
export interface TreatFit extends ModeratedFit {
  treatLfc: number;
}

/**
 * Moderated t-tests against a log fold-change threshold.
 *
 * @example
 * const tr = treat(lmFit(v.E, v.nGenes, design, { weights: v.weights }), { lfc: 1 });
 */
export function treat(fit: LinearModelFit, options: TreatOptions = {}): TreatFit {
  const lfc = Math.abs(options.lfc ?? Math.log2(1.2));
  const mod = moderateVariances(fit, options.trend ?? false, options.robust ?? false);
  const n = fit.nGenes;
  const p = fit.coefNames.length;
  const t = new Float64Array(n * p);
  const pValue = new Float64Array(n * p);
  for (let g = 0; g < n; g++) {
    const df = mod.dfTotal[g];
    const s = Math.sqrt(mod.s2Post[g]);
    for (let j = 0; j < p; j++) {
      const k = g * p + j;
      const coef = fit.coefficients[k];
      const se = fit.stdevUnscaled[k] * s;
      const right = (Math.abs(coef) - lfc) / se;
      const left = (Math.abs(coef) + lfc) / se;
      pValue[k] = tUpper(right, df) + tUpper(left, df);
      const r = Math.max(right, 0);
      t[k] = coef > lfc ? r : coef < -lfc ? -r : Number.isNaN(coef) ? NaN : 0;
    }
  }
  return { ...fit, ...mod, t, pValue, treatLfc: lfc };
}
