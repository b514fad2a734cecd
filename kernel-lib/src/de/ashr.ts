/**
 * Adaptive shrinkage of log2 fold changes as DESeq2's `lfcShrink(type = "ashr")` runs it:
 * `ashr::ash(lfc, lfcSE, mixcompdist = "normal", method = "shrink")` (Stephens 2017,
 * Biostatistics 18:275). The prior on the true effects is a mixture of zero-centred normals
 * on a grid of standard deviations (sqrt(2) apart, from a tenth of the smallest standard
 * error to twice the largest excess spread), with weights estimated by maximum likelihood
 * (uniform Dirichlet prior, no point mass); posterior means and standard deviations replace
 * the estimates. The mixture weights are found by sequential quadratic programming with an
 * active-set subproblem (the approach of mixsqp, Kim et al. 2020), solved to convergence;
 * weights below 1e-8 are set to zero, as mixsqp does.
 */
import { InputError } from "../io/errors";
import type { DESeqDataSet } from "./deseq";
import { DESeqResults, ResultsOptions } from "./results";

/** The fitted mixture prior. */
export interface AshFit {
  /** Grid of mixture standard deviations. */
  sd: Float64Array;
  /** Mixture weights (sum 1). */
  pi: Float64Array;
  posteriorMean: Float64Array;
  posteriorSD: Float64Array;
}

/** ashr's grid of standard deviations (`autoselect.mixsd` with mult = sqrt(2)). */
export function ashGrid(betahat: number[], se: number[], mult = Math.SQRT2): Float64Array {
  const s = se.filter((v) => v !== 0);
  const sigmaMin = s.reduce((m: number, v: number) => Math.min(m, v), Infinity) / 10;
  let sigmaMax: number;
  if (betahat.every((b, i) => b * b <= se[i] * se[i])) sigmaMax = 8 * sigmaMin;
  else {
    let mx = -Infinity;
    betahat.forEach((b, i) => (mx = Math.max(mx, b * b - se[i] * se[i])));
    sigmaMax = 2 * Math.sqrt(mx);
  }
  const npoint = Math.ceil(Math.log2(sigmaMax / sigmaMin) / Math.log2(mult));
  return Float64Array.from({ length: npoint + 1 }, (_, i) => Math.pow(mult, i - npoint) * sigmaMax);
}

/** Solve the k x k symmetric system restricted to `free` indices (Gaussian elimination). */
function solveFree(h: Float64Array, g: Float64Array, free: number[], k: number): Float64Array {
  const q = free.length;
  const a = new Float64Array(q * q);
  const b = new Float64Array(q);
  free.forEach((i, r) => {
    b[r] = -g[i];
    free.forEach((j, c) => (a[r * q + c] = h[i * k + j]));
  });
  for (let c = 0; c < q; c++) {
    let piv = c;
    for (let r = c + 1; r < q; r++) if (Math.abs(a[r * q + c]) > Math.abs(a[piv * q + c])) piv = r;
    if (piv !== c) {
      for (let j = 0; j < q; j++) [a[c * q + j], a[piv * q + j]] = [a[piv * q + j], a[c * q + j]];
      [b[c], b[piv]] = [b[piv], b[c]];
    }
    const d = a[c * q + c] || 1e-300;
    for (let r = c + 1; r < q; r++) {
      const f = a[r * q + c] / d;
      for (let j = c; j < q; j++) a[r * q + j] -= f * a[c * q + j];
      b[r] -= f * b[c];
    }
  }
  const x = new Float64Array(q);
  for (let r = q - 1; r >= 0; r--) {
    let t = b[r];
    for (let j = r + 1; j < q; j++) t -= a[r * q + j] * x[j];
    x[r] = t / (a[r * q + r] || 1e-300);
  }
  const out = new Float64Array(k);
  free.forEach((i, r) => (out[i] = x[r]));
  return out;
}

/** Non-negative QP min 1/2 y'Hy + c'y, y >= 0, from the feasible start y0 (primal active set). */
function nnqp(h: Float64Array, c: Float64Array, y0: Float64Array, k: number): Float64Array {
  const y = Float64Array.from(y0);
  let free = Array.from({ length: k }, (_, a) => a).filter((a) => y[a] > 0);
  for (let outer = 0; outer < 100; outer++) {
    // Minimise over the free set with the others at 0.
    for (let inner = 0; inner < 100; inner++) {
      const z = free.length ? solveFree(h, c, free, k) : new Float64Array(k);
      if (free.every((a) => z[a] > 0)) {
        y.fill(0);
        for (const a of free) y[a] = z[a];
        break;
      }
      // Move towards z until a free variable reaches 0, then fix it there.
      let step = 1;
      for (const a of free) if (z[a] <= 0) step = Math.min(step, y[a] / (y[a] - z[a]));
      for (const a of free) y[a] += step * (z[a] - y[a]);
      free = free.filter((a) => y[a] > 1e-300);
      for (let a = 0; a < k; a++) if (!free.includes(a)) y[a] = 0;
    }
    // Multipliers of the fixed variables: w = Hy + c must be >= 0 there.
    let worst = -1e-15;
    let enter = -1;
    for (let a = 0; a < k; a++) {
      if (free.includes(a)) continue;
      let w = c[a];
      for (let b = 0; b < k; b++) w += h[a * k + b] * y[b];
      if (w < worst) {
        worst = w;
        enter = a;
      }
    }
    if (enter < 0) break;
    free.push(enter);
    free.sort((u, v) => u - v);
  }
  return y;
}

/**
 * Maximum-likelihood mixture weights: maximise sum_j log(sum_k L_jk pi_k) over the simplex,
 * as min -(1/n) sum log(L x) + sum x over x >= 0 (whose solution sums to 1), by SQP steps with
 * an active-set quadratic subproblem and backtracking.
 */
export function mixtureWeights(lik: Float64Array, n: number, k: number): Float64Array {
  let x = new Float64Array(k).fill(1 / k);
  const lx = new Float64Array(n);
  const phi = (v: Float64Array) => {
    let s = 0;
    for (let j = 0; j < n; j++) {
      let t = 0;
      for (let c = 0; c < k; c++) t += lik[j * k + c] * v[c];
      s -= Math.log(t);
    }
    return s / n + v.reduce((a, b) => a + b, 0);
  };
  let f = phi(x);
  for (let iter = 0; iter < 500; iter++) {
    const g = new Float64Array(k).fill(1);
    const h = new Float64Array(k * k);
    for (let j = 0; j < n; j++) {
      let t = 0;
      for (let c = 0; c < k; c++) t += lik[j * k + c] * x[c];
      lx[j] = t;
      for (let a = 0; a < k; a++) {
        const la = lik[j * k + a] / t;
        g[a] -= la / n;
        for (let b = 0; b <= a; b++) h[a * k + b] += (la * lik[j * k + b]) / t / n;
      }
    }
    for (let a = 0; a < k; a++) for (let b = 0; b < a; b++) h[b * k + a] = h[a * k + b];
    // KKT: g >= 0 everywhere, g = 0 where x > 0.
    let kkt = 0;
    for (let a = 0; a < k; a++) kkt = Math.max(kkt, x[a] > 0 ? Math.abs(g[a]) : Math.max(0, -g[a]));
    if (kkt < 1e-13) break;
    // Quadratic subproblem in y = x + p: min 1/2 y'Hy + c'y with c = g - Hx, y >= 0,
    // by a primal active-set method (Lawson-Hanson style).
    const c = new Float64Array(k);
    for (let a = 0; a < k; a++) {
      let t = g[a];
      for (let b2 = 0; b2 < k; b2++) t -= h[a * k + b2] * x[b2];
      c[a] = t;
    }
    const y = nnqp(h, c, x, k);
    const p = Float64Array.from(y, (v, a) => v - x[a]);
    let t = 1;
    let improved = false;
    for (let ls = 0; ls < 60; ls++) {
      const xn = Float64Array.from(x, (v, a) => Math.max(0, v + t * p[a]));
      const fn = phi(xn);
      if (fn <= f) {
        improved = fn < f;
        x = xn;
        f = fn;
        break;
      }
      t *= 0.5;
    }
    if (!improved) break;
  }
  const sum = x.reduce((a, b) => a + b, 0);
  x = Float64Array.from(x, (v) => (v / sum < 1e-8 ? 0 : v));
  const s2 = x.reduce((a, b) => a + b, 0);
  return Float64Array.from(x, (v) => v / s2);
}

/**
 * ash on estimates and standard errors. Entries without a finite estimate and positive
 * standard error get the fitted prior (posterior mean 0, SD of the mixture), as ashr does.
 *
 * @example
 * const fit = ash([2.1, -0.3, 0.1], [0.4, 0.5, 0.3]);
 * fit.posteriorMean; // shrunken towards 0
 */
export function ash(betahat: ArrayLike<number>, se: ArrayLike<number>): AshFit {
  const n0 = betahat.length;
  const idx: number[] = [];
  for (let i = 0; i < n0; i++) if (Number.isFinite(betahat[i]) && Number.isFinite(se[i]) && se[i] > 0) idx.push(i);
  if (idx.length === 0) throw new InputError("no finite estimates with positive standard errors to shrink", "ashr");
  const b = idx.map((i) => betahat[i]);
  const s = idx.map((i) => se[i]);
  const sd = ashGrid(b, s);
  const k = sd.length;
  const n = b.length;
  const lik = new Float64Array(n * k);
  for (let j = 0; j < n; j++) {
    let mx = -Infinity;
    for (let c = 0; c < k; c++) {
      const v = sd[c] * sd[c] + s[j] * s[j];
      const ld = -0.5 * Math.log(2 * Math.PI * v) - (b[j] * b[j]) / (2 * v);
      lik[j * k + c] = ld;
      mx = Math.max(mx, ld);
    }
    for (let c = 0; c < k; c++) lik[j * k + c] = Math.exp(lik[j * k + c] - mx);
  }
  const pi = mixtureWeights(lik, n, k);
  // Observations without an estimate get the prior itself (mean 0, the mixture's SD), as ashr.
  let priorVar = 0;
  for (let c = 0; c < k; c++) priorVar += pi[c] * sd[c] * sd[c];
  const pm = new Float64Array(n0).fill(0);
  const psd = new Float64Array(n0).fill(Math.sqrt(priorVar));
  idx.forEach((i, j) => {
    let wsum = 0, m1 = 0, m2 = 0;
    for (let c = 0; c < k; c++) {
      const w = pi[c] * lik[j * k + c];
      if (w === 0) continue;
      const v = sd[c] * sd[c] + s[j] * s[j];
      const mean = ((sd[c] * sd[c]) / v) * b[j];
      const variance = (sd[c] * sd[c] * s[j] * s[j]) / v;
      wsum += w;
      m1 += w * mean;
      m2 += w * (variance + mean * mean);
    }
    pm[i] = m1 / wsum;
    psd[i] = Math.sqrt(Math.max(m2 / wsum - (m1 / wsum) ** 2, 0));
  });
  return { sd, pi, posteriorMean: pm, posteriorSD: psd };
}

/**
 * DESeq2's `lfcShrink(type = "ashr")`: results with posterior means and SDs in place of
 * log2FoldChange and lfcSE (stat dropped, p-values kept).
 *
 * @example
 * const shrunk = lfcShrinkAshr(dds, { contrast: ["condition", "nutlin", "dmso"] });
 */
export function lfcShrinkAshr(dds: DESeqDataSet, options: { contrast?: ResultsOptions["contrast"]; results?: ResultsOptions }): DESeqResults {
  const res = dds.results({ ...options.results, contrast: options.contrast });
  const fit = ash(res.column("log2FoldChange") as Float64Array, res.column("lfcSE") as Float64Array);
  const keep = res.names.filter((n) => n !== "stat");
  const columns = keep.map((n) => (n === "log2FoldChange" ? fit.posteriorMean : n === "lfcSE" ? fit.posteriorSD : res.column(n))) as Float64Array[];
  return new DESeqResults(keep, columns, { ...res.metadata, contrast: `${res.metadata.contrast} (ashr shrinkage)` });
}
