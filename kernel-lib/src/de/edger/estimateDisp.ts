/**
 * edgeR's `estimateDisp` (McCarthy, Chen & Smyth 2012; Chen, Lun & Smyth 2014): NB dispersions
 * by weighted likelihood empirical Bayes. For genes with at least `minRowSum` reads the
 * (Cox-Reid adjusted, or in classic mode conditional) log-likelihood is evaluated on a grid of
 * 21 dispersions 0.1 x 2^(-10..10). The common dispersion maximises the summed likelihood; the
 * trend maximises a locfit (degree 0) smooth of the likelihoods against average log-CPM; the
 * tagwise dispersions maximise each gene's likelihood plus prior.n times the smoothed one, with
 * prior.n from the prior degrees of freedom of the squeezed deviance-based variances.
 */
import type { Matrix } from "../../stats/linalg";
import { norm2 } from "../../stats/linalg";
import { brentMinimize, brentMinimizeAsync } from "../../stats/brent";
import { locfitByRows } from "../../stats/locfit";
import { InputError } from "../../io/errors";
import { squeezeVar } from "../limma/squeezeVar";
import { adjustedProfileLik, coxReidHalfLogDet } from "./apl";
import { maximizeInterpolant } from "./interpolant";
import { fitGene, glmFit, glmWork, oneWayLayout, type OneWayLayout, type NbGlmFit } from "./glm";
import { aveLogCpm } from "./aveLogCpm";
import { expStep } from "./oneGroup";
import { condLogLik, condLogLikShared, equalizeLibSizes } from "./classic";
import { rLgamma, lgammaFast, logFactorial } from "../../stats/rmath";
import { fastLog } from "../../stats/fastLog";
import type { WorkerPool } from "../parallel";
import { float64Of } from "../../stats/float64";

/** Options of {@link estimateDisp}; defaults are edgeR's. */
export interface EstimateDispOptions {
  /** Effective library sizes (lib.size x norm.factors). */
  libSize: ArrayLike<number>;
  /** Design matrix (GLM mode). Without it, `group` selects classic mode. */
  design?: Matrix;
  /** Group of each sample (classic mode). */
  group?: string[];
  /** Fixed prior df instead of the estimate. */
  priorDf?: number;
  minRowSum?: number;
  gridLength?: number;
  gridRange?: [number, number];
  span?: number;
  tol?: number;
  /** Robust estimation of the prior df (edgeR's `robust = TRUE`): outlier genes get less shrinkage. */
  robust?: boolean;
  /**
   * Precomputed grid log-likelihoods of the genes with at least `minRowSum` reads (as
   * {@link gridLikelihoods} or {@link classicGrid} compute them), e.g. from worker threads.
   */
  gridLogLik?: Float64Array;
  /**
   * Precomputed AveLogCPM of every gene at the common dispersion ({@link commonDispersion} of
   * the grid log-likelihoods), e.g. from worker threads.
   */
  aveLogCpm?: Float64Array;
}

/** Result of {@link estimateDisp}. */
export interface DispersionEstimates {
  common: number;
  trended: Float64Array;
  tagwise: Float64Array;
  priorDf: number;
  priorN: number;
  /** Prior df per gene (differs from priorDf only with `robust`; Infinity for genes below minRowSum). */
  priorDfGenes: Float64Array;
  span: number;
  /** Average log2-CPM of each gene with the common dispersion (edgeR's AveLogCPM). */
  aveLogCpm: Float64Array;
}

/** Residual df per gene after removing coefficients lost to all-zero fitted groups (`.residDF`). */
export function residualDf(zero: Uint8Array, nGenes: number, n: number, X: ArrayLike<number>, p: number): Float64Array {
  const df = new Float64Array(nGenes);
  const rankCache = new Map<string, number>();
  for (let g = 0; g < nGenes; g++) {
    let nz = 0;
    for (let j = 0; j < n; j++) nz += zero[g * n + j];
    if (nz === 0) df[g] = n - p;
    else if (nz === n) df[g] = 0;
    else {
      const key = Array.from(zero.subarray(g * n, (g + 1) * n)).join("");
      let rank = rankCache.get(key);
      if (rank === undefined) {
        const rows = [];
        for (let j = 0; j < n; j++) if (!zero[g * n + j]) rows.push(j);
        rank = matrixRank(X, rows, p);
        rankCache.set(key, rank);
      }
      df[g] = Math.max(n - nz - rank, 0);
    }
  }
  return df;
}

/** Numerical rank of the design rows `rows` (Gram-Schmidt with R's relative tolerance 1e-7). */
export function independentColumns(X: ArrayLike<number>, rows: number[], p: number): number[] {
  const basis: Float64Array[] = [];
  const keep: number[] = [];
  for (let c = 0; c < p; c++) {
    const v = Float64Array.from(rows, (j) => X[j * p + c]);
    const norm0 = norm2(v);
    for (let pass = 0; pass < 2; pass++) {
      for (const q of basis) {
        let d = 0;
        for (let i = 0; i < v.length; i++) d += q[i] * v[i];
        for (let i = 0; i < v.length; i++) v[i] -= d * q[i];
      }
    }
    const norm = norm2(v);
    if (norm0 > 0 && norm > 1e-7 * norm0) {
      basis.push(v.map((x) => x / norm));
      keep.push(c);
    }
  }
  return keep;
}

function matrixRank(X: ArrayLike<number>, rows: number[], p: number): number {
  return independentColumns(X, rows, p).length;
}

/** edgeR's dispersion grid: points t (log2 scale) and the dispersions 0.1 x 2^t. */
function dispersionGrid(options: EstimateDispOptions): { pts: Float64Array; grid: Float64Array } {
  const gridLength = options.gridLength ?? 21;
  const [g0, g1] = options.gridRange ?? [-10, 10];
  const pts = Float64Array.from({ length: gridLength }, (_, i) => g0 + ((g1 - g0) * i) / (gridLength - 1));
  return { pts, grid: Float64Array.from(pts, (t) => 0.1 * 2 ** t) };
}

/** The genes with at least `minRowSum` reads in total (edgeR's dispersion genes) and their rows. */
function selectRows(values: ArrayLike<number>, nGenes: number, n: number, minRowSum: number): { sel: number[]; selValues: Float64Array } {
  const sel: number[] = [];
  for (let g = 0; g < nGenes; g++) {
    let s = 0;
    for (let j = 0; j < n; j++) s += values[g * n + j];
    if (s >= minRowSum) sel.push(g);
  }
  // (read only: every row kept is the input itself)
  if (sel.length === nGenes && values instanceof Float64Array) return { sel, selValues: values };
  const selValues = new Float64Array(sel.length * n);
  sel.forEach((g, k) => {
    for (let j = 0; j < n; j++) selValues[k * n + j] = values[g * n + j];
  });
  return { sel, selValues };
}

/**
 * Common, trended and tagwise NB dispersions.
 *
 * @example
 * const d = estimateDisp(kept.values, kept.nGenes, { libSize, design: design.matrix });
 */
export function estimateDisp(values: ArrayLike<number>, nGenes: number, options: EstimateDispOptions): DispersionEstimates {
  const stages = estimateDispStages(values, nGenes, options);
  const f = stages.priorFit;
  return stages.finish(f ? glmFit(f.values, f.nGenes, f.design, { offset: f.offset, dispersion: f.dispersion, priorCount: 0 }) : null);
}

/** The GLM fit {@link estimateDisp} needs for the prior degrees of freedom (genes above minRowSum, trended dispersions). */
export interface PriorDfFit {
  values: Float64Array;
  nGenes: number;
  design: Matrix;
  offset: Float64Array;
  dispersion: Float64Array;
}

/** The common dispersion: the maximum of the summed grid log-likelihoods (genes x grid points `pts`). */
export function commonDispersion(l0: Float64Array, ns: number, pts: Float64Array): number {
  const gridLength = pts.length;
  const colSums = new Float64Array(gridLength);
  for (let k = 0; k < ns; k++) for (let i = 0; i < gridLength; i++) colSums[i] += l0[k * gridLength + i];
  return 0.1 * 2 ** maximizeInterpolant(pts, colSums, 1)[0];
}

/**
 * {@link estimateDisp} in two steps around its one per-gene GLM fit, so that the fit can run
 * elsewhere (on worker threads): `priorFit` says what to fit (null when the prior df is
 * given), `finish` takes its fitted means and deviances.
 */
export function estimateDispStages(
  values: ArrayLike<number>,
  nGenes: number,
  options: EstimateDispOptions,
): { priorFit: PriorDfFit | null; finish: (fit: { fitted: Float64Array; deviance: Float64Array } | null) => DispersionEstimates; trendOnly: () => DispersionEstimates } {
  const lib = Float64Array.from(options.libSize);
  const n = lib.length;
  if (values.length !== nGenes * n) throw new InputError(`count matrix has ${values.length} values, expected ${nGenes} x ${n}`, "estimateDisp");
  const offset = Float64Array.from(lib, Math.log);
  const { pts, grid: dispGrid } = dispersionGrid(options);
  const gridLength = pts.length;
  const minRowSum = options.minRowSum ?? 5;
  const { sel, selValues } = selectRows(values, nGenes, n, minRowSum);
  const ns = sel.length;
  if (ns === 0) throw new InputError(`no gene has at least ${minRowSum} reads in total; dispersions cannot be estimated`, "estimateDisp");
  const l0 = new Float64Array(ns * gridLength);
  let design: Matrix;
  if (!options.design) {
    const group = options.group;
    if (!group || group.length !== n) throw new InputError("classic mode needs one group label per sample", "estimateDisp");
    const levels = [...new Set(group)];
    const gi = group.map((g) => levels.indexOf(g));
    const counts = levels.map((_, k) => gi.filter((v) => v === k).length);
    if (counts.every((c) => c <= 1)) throw new InputError("there is no replication in any group; dispersions cannot be estimated", "estimateDisp");
    design = groupDesign(gi, levels.length);
    if (options.gridLogLik) {
      if (options.gridLogLik.length !== l0.length) throw new RangeError("gridLogLik has the wrong size");
      l0.set(options.gridLogLik);
    } else {
      const pseudo1 = classicPseudo(selValues, ns, gi, lib, 0.01);
      const delta = classicDelta(pseudo1, ns, gi, options.tol ?? 1e-6);
      classicGrid(selValues, ns, gi, lib, delta / (1 - delta), dispGrid, l0);
    }
  } else {
    design = options.design;
    if (design.rows !== n) throw new InputError(`the design has ${design.rows} rows for ${n} samples`, "estimateDisp");
    if (design.cols >= n) throw new InputError("the design leaves no residual degrees of freedom; dispersions cannot be estimated", "estimateDisp");
    if (options.gridLogLik) {
      if (options.gridLogLik.length !== l0.length) throw new RangeError("gridLogLik has the wrong size");
      l0.set(options.gridLogLik);
    } else gridLikelihoods(selValues, ns, offset, design, dispGrid, l0);
  }
  const p = design.cols;
  const common = commonDispersion(l0, ns, pts);
  if (options.aveLogCpm && options.aveLogCpm.length !== nGenes) throw new RangeError("aveLogCpm has the wrong size");
  const ave = options.aveLogCpm ?? aveLogCpm(values, nGenes, lib, { dispersion: common });
  const aveSel = float64Of(sel.length, (k) => ave[sel[k]]);
  const span = options.span ?? (ns <= 50 ? 1 : 0.25 + 0.75 * Math.sqrt(50 / ns));
  // shared log-likelihood: locfit (degree 0) of each grid column against AveLogCPM
  const m0 = locfitByRows(l0, gridLength, aveSel, null, span);
  const trendSel = maximizeInterpolant(pts, m0, ns).map((t) => 0.1 * 2 ** t);
  let minAt = 0;
  for (let k = 1; k < ns; k++) if (aveSel[k] < aveSel[minAt]) minAt = k;
  const trended = new Float64Array(nGenes).fill(trendSel[minAt]);
  sel.forEach((g, k) => (trended[g] = trendSel[k]));
  const priorFit: PriorDfFit | null = options.priorDf !== undefined ? null : { values: selValues, nGenes: ns, design, offset, dispersion: trendSel };
  const finish = (fit: { fitted: Float64Array; deviance: Float64Array } | null): DispersionEstimates => {
    let priorDfSel: Float64Array;
    if (!fit) priorDfSel = new Float64Array(ns).fill(options.priorDf!);
    else {
      const zero = new Uint8Array(ns * n);
      for (let i = 0; i < ns * n; i++) zero[i] = selValues[i] < 1e-4 && fit.fitted[i] < 1e-4 ? 1 : 0;
      const df = residualDf(zero, ns, n, design.data, p);
      const s2 = float64Of(fit.deviance.length, (k) => (df[k] === 0 ? 0 : Math.max(fit.deviance[k] / df[k], 0)));
      priorDfSel = squeezeVar(s2, df, aveSel, { robust: options.robust }).dfPriorGenes;
    }
    // with robust = true the largest (non-outlier) value, the per-gene ones are in priorDfGenes
    const priorDf = options.robust ? priorDfSel.reduce((a, b) => (Number.isFinite(b) ? Math.max(a, b) : a), 0) : priorDfSel[0];
    const priorNSel = float64Of(priorDfSel.length, (k) => priorDfSel[k] / (n - p));
    const priorN = priorNSel[0];
    const tagwise = Float64Array.from(trended);
    if (!priorNSel.every((v) => v > 1e6)) {
      const post = new Float64Array(ns * gridLength);
      for (let k = 0; k < ns; k++) {
        const pn = Math.min(priorNSel[k], 1e6);
        for (let i = 0; i < gridLength; i++) post[k * gridLength + i] = l0[k * gridLength + i] + pn * m0[k * gridLength + i];
      }
      const ind = maximizeInterpolant(pts, post, ns);
      sel.forEach((g, k) => {
        if (!options.robust || priorNSel[k] <= 1e6) tagwise[g] = 0.1 * 2 ** ind[k];
      });
    }
    const priorDfGenes = new Float64Array(nGenes).fill(options.robust ? Infinity : priorDfSel[0]);
    sel.forEach((g, k) => (priorDfGenes[g] = priorDfSel[k]));
    return { common, trended, tagwise, priorDf, priorN, priorDfGenes, span, aveLogCpm: ave };
  };
  // for a caller that needs only the common and trended dispersions: no prior df, no tagwise stage
  const trendOnly = (): DispersionEstimates => {
    const none = new Float64Array(nGenes).fill(NaN);
    return { common, trended, tagwise: none, priorDf: NaN, priorN: NaN, priorDfGenes: none, span, aveLogCpm: ave };
  };
  return { priorFit, finish, trendOnly };
}

/**
 * The grid log-likelihoods for a one-way layout, specialised: per group a one-group Newton fit
 * on exp(offset) (warm-started along the grid), the NB log-likelihood from log mu = beta +
 * offset, and X'WX from the group sums of the working weights. Same quantities as the generic
 * path (fitGene + adjustedProfileLik), computed with fewer operations: the terms that do not
 * depend on the counts (log Gamma(1/phi), log(1/phi) / phi) are summed once per grid point,
 * the rest group by group in local sums (log y! stays beside log Gamma(y + 1/phi): both are
 * near 1e6 for large counts, and their difference is what the sum needs).
 */
function gridOneWay(
  values: Float64Array,
  n: number,
  genes: Int32Array,
  cols: Int32Array,
  offs: Float64Array,
  Xs: Float64Array,
  q: number,
  layout: OneWayLayout,
  groupCols: Int32Array[],
  grid: Float64Array,
  lgr: Float64Array,
  lgTables: Float64Array[],
  l0: Float64Array,
): void {
  const m = cols.length;
  const G = layout.nGroups;
  const lib = Float64Array.from(offs, Math.exp);
  const firstRow = Array.from({ length: G }, (_, g) => Array.from(layout.group).indexOf(g));
  const y = new Float64Array(m);
  const yInt = new Int32Array(m);
  const lgy1 = new Float64Array(m);
  // log Gamma(y + 1/phi) of the counts beyond the tables (samples listed in `big`), per grid point
  const big = new Int32Array(m);
  const lgBig = new Float64Array(m);
  const start = new Float64Array(G);
  const gb = new Float64Array(G);
  const eb = new Float64Array(G);
  const W = new Float64Array(G);
  const a = new Float64Array(q * q);
  const gl = grid.length;
  for (let gi = 0; gi < genes.length; gi++) {
    const k = genes[gi];
    let nBig = 0;
    for (let r = 0; r < m; r++) {
      const v = values[k * n + cols[r]];
      y[r] = v;
      yInt[r] = v < 2048 && v === Math.floor(v) ? v : -1;
      if (yInt[r] < 0) big[nBig++] = r;
      lgy1[r] = logFactorial(v);
    }
    // per group the cold start log(mean(y / lib)), or NaN for a group without counts (whose
    // fitted values are zero and whose samples add nothing to the likelihood); `terms` counts
    // the samples of the other groups
    let terms = 0;
    for (let g = 0; g < G; g++) {
      const c = groupCols[g];
      let nonzero = false;
      let s0 = 0;
      for (let t = 0; t < c.length; t++) {
        const j = c[t];
        if (y[j] > 1e-10) {
          nonzero = true;
          s0 += y[j] / lib[j];
        }
      }
      start[g] = nonzero ? Math.log(s0 / c.length) : NaN;
      if (nonzero) terms += c.length;
    }
    for (let i = 0; i < gl; i++) {
      const phi = grid[i];
      const rr = 1 / phi;
      const tab = lgTables[i];
      // (computed apart: a call's result beside a table value in the sum below made V8 keep that
      // value boxed, one heap number per count and grid point)
      for (let b = 0; b < nBig; b++) lgBig[big[b]] = lgammaFast(y[big[b]] + rr);
      let ll = terms * (rr * Math.log(rr) - lgr[i]);
      for (let g = 0; g < G; g++) {
        const c = groupCols[g];
        const nc = c.length;
        if (Number.isNaN(start[g])) {
          gb[g] = -1e8;
          eb[g] = 0;
          W[g] = 0;
          continue;
        }
        // warm start from the previous grid point, whose exp(beta) is at hand
        const warm = i > 0 && gb[g] > -1e8;
        let beta = warm ? gb[g] : start[g];
        let e = warm ? eb[g] : Math.exp(beta);
        for (let it = 0; it < 50; it++) {
          let dl = 0;
          let info = 0;
          for (let t = 0; t < nc; t++) {
            const j = c[t];
            const mu = e * lib[j];
            const inv = 1 / (1 + mu * phi);
            dl += (y[j] - mu) * inv;
            info += mu * inv;
          }
          const step = dl / info;
          beta += step;
          e = expStep(e, beta, step);
          // the profile likelihood is stationary in beta: a 1e-8 step changes it by ~1e-16
          if (Math.abs(step) < 1e-8) break;
        }
        const b = Math.max(beta, -1e8);
        gb[g] = b;
        eb[g] = beta > -1e8 ? e : Math.exp(b);
        // the group's log-likelihood terms y log mu - (y + 1/phi) log(mu + 1/phi) + log Gamma(y + 1/phi)
        // (the table-driven log and Stirling's series: this loop runs per count and grid point)
        let lg = 0;
        let w = 0;
        for (let t = 0; t < nc; t++) {
          const j = c[t];
          const mu = eb[g] * lib[j];
          const yy = y[j];
          const logmur = fastLog(mu + rr);
          const lgyr = yInt[j] >= 0 ? tab[yInt[j]] : lgBig[j];
          lg += yy * (b + offs[j] - logmur) - rr * logmur + (lgyr - lgy1[j]);
          w += mu / (1 + phi * mu);
        }
        ll += lg;
        W[g] = w;
      }
      let adj: number;
      if (q === 1) adj = Math.log(Math.abs(W[0])) / 2;
      else {
        for (let c1 = 0; c1 < q; c1++) {
          for (let c2 = 0; c2 <= c1; c2++) {
            let s = 0;
            for (let g = 0; g < G; g++) s += Xs[firstRow[g] * q + c1] * Xs[firstRow[g] * q + c2] * W[g];
            a[c1 * q + c2] = s;
          }
        }
        adj = coxReidHalfLogDet(a, q);
      }
      l0[k * gl + i] = ll - adj;
    }
  }
}

/** Pseudo-counts of genes x samples at a common dispersion (classic mode). */
export function classicPseudo(values: Float64Array, nGenes: number, gi: number[], lib: ArrayLike<number>, disp: number, out?: Float64Array): Float64Array {
  return equalizeLibSizes(values, nGenes, gi, lib, new Float64Array(nGenes).fill(disp), out).pseudo;
}

function groupColumns(gi: number[]): number[][] {
  const k = Math.max(...gi) + 1;
  return Array.from({ length: k }, (_, g) => gi.map((v, j) => (v === g ? j : -1)).filter((j) => j >= 0));
}

/**
 * Genes per partial sum of the classic log-likelihood: a fixed size, so that the sum's rounding
 * does not depend on how the genes are split over threads.
 */
export const CLASSIC_CHUNK = 1024;

/**
 * Partial sums of the conditional log-likelihood of delta = phi / (1 + phi) over genes and
 * groups, one per chunk of {@link CLASSIC_CHUNK} genes, for the chunks c0 .. c1 - 1.
 */
export function classicLogLikChunks(pseudo: Float64Array, nGenes: number, gi: number[], delta: number, c0: number, c1: number): Float64Array {
  const n = gi.length;
  const colsOf = groupColumns(gi);
  const sums = new Float64Array(c1 - c0);
  const shared = colsOf.map((cols) => condLogLikShared(delta, cols.length));
  for (let c = c0; c < c1; c++) {
    let s = 0;
    const end = Math.min(nGenes, (c + 1) * CLASSIC_CHUNK);
    for (let k = c * CLASSIC_CHUNK; k < end; k++) for (let t = 0; t < colsOf.length; t++) s += condLogLik(pseudo, colsOf[t], delta, shared[t], k * n);
    sums[c - c0] = s;
  }
  return sums;
}

/** Summed conditional log-likelihood of delta = phi / (1 + phi) over genes and groups (chunk by chunk). */
export function classicLogLik(pseudo: Float64Array, nGenes: number, gi: number[], delta: number): number {
  let s = 0;
  for (const v of classicLogLikChunks(pseudo, nGenes, gi, delta, 0, Math.ceil(nGenes / CLASSIC_CHUNK))) s += v;
  return s;
}

/** The common delta maximising the conditional likelihood (R's optimize on [1e-4, 100/101]). */
export function classicDelta(pseudo: Float64Array, nGenes: number, gi: number[], tol = 1e-6): number {
  return brentMinimize((d) => -classicLogLik(pseudo, nGenes, gi, d), 1e-4, 100 / 101, tol);
}

/** Scratch for a block's pseudo-counts in {@link classicGrid} (blocks of at most 4096 genes). */
let gridScratch = new Float64Array(0);

/** Classic-mode grid log-likelihoods (genes x grid) from pseudo-counts at dispersion `disp`. */
export function classicGrid(values: Float64Array, nGenes: number, gi: number[], lib: ArrayLike<number>, disp: number, grid: Float64Array, l0: Float64Array): void {
  const n = gi.length;
  const gl = grid.length;
  // (a block's pseudo-counts are needed only here: one scratch array serves every block)
  if (nGenes <= 4096 && gridScratch.length < nGenes * n) gridScratch = new Float64Array(4096 * n);
  const pseudo = classicPseudo(values, nGenes, gi, lib, disp, nGenes <= 4096 ? gridScratch : undefined);
  const colsOf = groupColumns(gi);
  for (let i = 0; i < gl; i++) {
    const d = grid[i] / (1 + grid[i]);
    const shared = colsOf.map((cols) => condLogLikShared(d, cols.length));
    for (let k = 0; k < nGenes; k++) {
      let s = 0;
      for (let t = 0; t < colsOf.length; t++) s += condLogLik(pseudo, colsOf[t], d, shared[t], k * n);
      l0[k * gl + i] = s;
    }
  }
}

function groupDesign(gi: number[], k: number): Matrix {
  const n = gi.length;
  const data = new Float64Array(n * k);
  for (let j = 0; j < n; j++) {
    data[j * k] = 1;
    if (gi[j] > 0) data[j * k + gi[j]] = 1;
  }
  return { rows: n, cols: k, data };
}

/** log Gamma(1/phi) and log Gamma(k + 1/phi), k < 2048, for each dispersion of a grid. */
interface GridTables {
  grid: Float64Array;
  lgr: Float64Array;
  lgTables: Float64Array[];
}
let lastTables: GridTables | null = null;

/** {@link GridTables} for `grid`, kept for the next call with the same grid (the next block of genes). */
function gridTables(grid: Float64Array): GridTables {
  const t = lastTables;
  if (t && t.grid.length === grid.length && t.grid.every((v, i) => v === grid[i])) return t;
  lastTables = {
    grid: Float64Array.from(grid),
    lgr: Float64Array.from(grid, (d) => rLgamma(1 / d)),
    lgTables: Array.from(grid, (d) => Float64Array.from({ length: 2048 }, (_, k) => rLgamma(k + 1 / d))),
  };
  return lastTables;
}

/**
 * Which fitted values of the GLM at dispersion 0.05 are below 1e-4 (genes x samples, 1 = below):
 * the test by which edgeR drops the all-zero samples of a gene from its grid likelihoods.
 * For a one-way design the fit need not be run: a group without counts has fitted values zero,
 * and in any other group every fitted value exp(beta) lib_j is at least 1e-4 when the score of
 * the group's one-group likelihood, which falls as exp(beta) grows, is still positive at twice
 * the exp(beta) that would put the smallest library's mean at 1e-4 (so the root lies above it,
 * with room for the fit's convergence tolerance). Genes that pass neither test are fitted.
 */
export function fittedBelow(values: Float64Array, ns: number, design: Matrix, offset: Float64Array): Uint8Array {
  const n = design.rows;
  const low = new Uint8Array(ns * n);
  const layout = oneWayLayout(design.data, n, design.cols);
  const phi = 0.05;
  const refit = (k: number) => {
    const f = glmFit(values.subarray(k * n, (k + 1) * n), 1, design, { offset, dispersion: phi, priorCount: 0 });
    for (let j = 0; j < n; j++) low[k * n + j] = f.fitted[j] < 1e-4 ? 1 : 0;
  };
  if (!layout) {
    const f = glmFit(values, ns, design, { offset, dispersion: phi, priorCount: 0 });
    for (let i = 0; i < ns * n; i++) low[i] = f.fitted[i] < 1e-4 ? 1 : 0;
    return low;
  }
  const lib = Float64Array.from(offset, Math.exp);
  const groups = Array.from({ length: layout.nGroups }, (_, g) => Int32Array.from(Array.from(layout.group.keys()).filter((j) => layout.group[j] === g)));
  const bound = groups.map((cols) => (2 * 1e-4) / Math.min(...Array.from(cols, (j) => lib[j])));
  for (let k = 0; k < ns; k++) {
    const y = values.subarray(k * n, (k + 1) * n);
    let fit = false;
    for (let g = 0; g < groups.length && !fit; g++) {
      const cols = groups[g];
      let any = false;
      for (const j of cols) if (y[j] > 1e-10) any = true;
      if (!any) {
        for (const j of cols) low[k * n + j] = 1;
        continue;
      }
      const b = bound[g];
      let score = 0;
      for (const j of cols) {
        const mu = b * lib[j];
        score += (y[j] - mu) / (1 + phi * mu);
      }
      if (!(score > 0)) fit = true;
    }
    if (fit) refit(k);
  }
  return low;
}

/**
 * Adjusted profile log-likelihoods on the dispersion grid (genes x grid, gene-major), per
 * pattern of all-zero fitted samples as edgeR: samples whose counts and fitted means are zero
 * under dispersion 0.05 are dropped with the coefficients they alone determine.
 */
export function gridLikelihoods(values: Float64Array, ns: number, offset: Float64Array, design: Matrix, grid: Float64Array, l0: Float64Array): void {
  const n = design.rows;
  const p = design.cols;
  const X = design.data;
  const low0 = fittedBelow(values, ns, design, offset);
  const patterns = new Map<string, number[]>();
  const none = "0".repeat(n);
  for (let k = 0; k < ns; k++) {
    let any = false;
    for (let j = 0; j < n && !any; j++) any = values[k * n + j] < 1e-4 && low0[k * n + j] === 1;
    let key = none;
    if (any) {
      key = "";
      for (let j = 0; j < n; j++) key += values[k * n + j] < 1e-4 && low0[k * n + j] ? "1" : "0";
    }
    const list = patterns.get(key);
    if (list) list.push(k);
    else patterns.set(key, [k]);
  }
  const gl = grid.length;
  const { lgr, lgTables } = gridTables(grid);
  for (const [key, genes] of patterns) {
    const cols = [...key].map((c, j) => (c === "0" ? j : -1)).filter((j) => j >= 0);
    if (cols.length === 0) continue;
    let keepCols = Array.from({ length: p }, (_, c) => c);
    if (cols.length < n) {
      keepCols = independentColumns(X, cols, p);
      if (cols.length === keepCols.length) continue;
    }
    const m = cols.length;
    const q = keepCols.length;
    const Xs = new Float64Array(m * q);
    cols.forEach((j, r) => keepCols.forEach((c, s) => (Xs[r * q + s] = X[j * p + c])));
    const offs = Float64Array.from(cols, (j) => offset[j]);
    const layout = oneWayLayout(Xs, m, q);
    const work = glmWork(m, q, layout);
    const y = new Float64Array(m);
    const beta = new Float64Array(q);
    const mu = new Float64Array(m);
    const idx = Int32Array.from({ length: m }, (_, r) => r);
    const aplWork = { w: new Float64Array(m), a: new Float64Array(q * q) };
    const lgy1 = new Float64Array(m);
    const logMu = new Float64Array(m);
    const last = new Float64Array(q);
    if (layout) {
      // (typed arrays: plain arrays made by map and filter can come with different element
      // kinds from one call to the next, and each new kind deoptimised this hot function)
      gridOneWay(values, n, Int32Array.from(genes), Int32Array.from(cols), offs, Xs, q, layout, work.cols, grid, lgr, lgTables, l0);
      continue;
    }
    for (const k of genes) {
      cols.forEach((j, r) => {
        y[r] = values[k * n + j];
        lgy1[r] = rLgamma(y[r] + 1);
      });
      for (let i = 0; i < gl; i++) {
        fitGene(y, offs, grid[i], Xs, layout, work, beta, mu, i > 0 ? last : null, 250, 1e-6, false);
        for (let r = 0; r < m; r++) {
          let eta = offs[r];
          for (let c = 0; c < q; c++) eta += Xs[r * q + c] * beta[c];
          logMu[r] = eta;
        }
        l0[k * gl + i] = adjustedProfileLik(y, mu, grid[i], Xs, q, idx, true, aplWork, lgy1, lgr[i], lgTables[i], logMu);
        last.set(beta);
      }
    }
  }
}

/**
 * {@link estimateDisp} with its per-gene work (the grid likelihoods; in classic mode also the
 * pseudo-counts) on `threads` worker threads; results are identical for any thread count.
 *
 * @example
 * const d = await estimateDispAsync(kept.values, kept.nGenes, { libSize, design: design.matrix, threads: 4 });
 */
export async function estimateDispAsync(
  values: ArrayLike<number>,
  nGenes: number,
  options: EstimateDispOptions & { threads?: number; pool?: WorkerPool },
): Promise<DispersionEstimates> {
  return (await estimateDispWithFit(values, nGenes, options)).disp;
}

/**
 * {@link estimateDispAsync}, also returning the GLM fit it made for the prior df (at the trended
 * dispersions, no prior count) when that fit covers every gene (every gene has minRowSum reads),
 * for a caller whose next fit is the same one (glmQLFit). `trendOnly`: for a caller that uses
 * only the common and trended dispersions (the QL F-test), the prior df and the tagwise stage
 * are skipped (tagwise, priorDf, priorN and priorDfGenes are NaN).
 */
export async function estimateDispWithFit(
  values: ArrayLike<number>,
  nGenes: number,
  options: EstimateDispOptions & { threads?: number; pool?: WorkerPool; trendOnly?: boolean },
): Promise<{ disp: DispersionEstimates; trendedFit: NbGlmFit | null }> {
  const threads = options.pool ? options.pool.size : (options.threads ?? 1);
  if (threads <= 1 || nGenes < 2000) return { disp: estimateDisp(values, nGenes, options), trendedFit: null };
  const n = options.libSize.length;
  const { grid, pts } = dispersionGrid(options);
  const { sel, selValues } = selectRows(values, nGenes, n, options.minRowSum ?? 5);
  const { WorkerPool, edgerGridParallel, edgerPseudoParallel, edgerClassicGridParallel, edgerGlmFitParallel, aveLogCpmParallel, classicLogLikParallel } = await import("../parallel");
  // A pool given by the caller is kept open for its next stages; one made here is closed.
  const pool = options.pool ?? new WorkerPool(threads, ["edger"]);
  try {
    let l0: Float64Array;
    if (options.design) {
      const offset = Float64Array.from(options.libSize, Math.log);
      l0 = await edgerGridParallel(selValues, sel.length, offset, options.design, grid, pool);
    } else {
      const group = options.group;
      if (!group || group.length !== n) throw new InputError("classic mode needs one group label per sample", "estimateDisp");
      const levels = [...new Set(group)];
      const gi = group.map((g) => levels.indexOf(g));
      if (levels.every((_, k) => gi.filter((v) => v === k).length <= 1)) throw new InputError("there is no replication in any group; dispersions cannot be estimated", "estimateDisp");
      const lib = Float64Array.from(options.libSize);
      // the pseudo-counts stay in shared memory, where every evaluation of the likelihood reads them
      const pseudo1 = await edgerPseudoParallel(selValues, sel.length, n, gi, lib, 0.01, pool);
      const delta = await brentMinimizeAsync(async (d) => -(await classicLogLikParallel(pseudo1, sel.length, gi, d, pool)), 1e-4, 100 / 101, options.tol ?? 1e-6);
      l0 = await edgerClassicGridParallel(selValues, sel.length, gi, lib, delta / (1 - delta), grid, pool);
    }
    const common = commonDispersion(l0, sel.length, pts);
    const ave = await aveLogCpmParallel(values, nGenes, options.libSize, common, pool);
    const stages = estimateDispStages(values, nGenes, { ...options, gridLogLik: l0, aveLogCpm: ave });
    const f = stages.priorFit;
    const fit = f ? await edgerGlmFitParallel(f.values, f.nGenes, f.design, f.offset, f.dispersion, 0, pool) : null;
    return { disp: options.trendOnly ? stages.trendOnly() : stages.finish(fit), trendedFit: fit && f!.nGenes === nGenes ? fit : null };
  } finally {
    if (!options.pool) await pool.close();
  }
}
