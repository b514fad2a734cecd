/**
 * Cook's distances of the NB GLM fit (DESeq2 `calculateCooksDistance`): Pearson residuals
 * with a robust method-of-moments dispersion, scaled by leverage; the maximum over the
 * samples in design cells with at least three replicates flags count outliers.
 */
import type { Matrix } from "../stats/linalg";

/** R's `mean(x, trim = t)` for t < 0.5. */
export function trimmedMean(values: number[], trim: number): number {
  const s = values.slice().sort((a, b) => a - b);
  const n = s.length;
  const lo = Math.floor(n * trim);
  let sum = 0;
  for (let i = lo; i < n - lo; i++) sum += s[i];
  return sum / (n - 2 * lo);
}

/** For each sample, the label of its design row (samples with identical rows share a cell). */
function cellsOf(x: Matrix): string[] {
  return Array.from({ length: x.rows }, (_, i) => Array.from(x.data.subarray(i * x.cols, (i + 1) * x.cols)).join("_"));
}

/**
 * Which samples lie in a design cell with at least `n` samples (DESeq2 `nOrMoreInCell`).
 *
 * @example
 * nOrMoreInCell(design.matrix, 3); // [false, false, false, false] for a 2 vs 2 design
 */
export function nOrMoreInCell(x: Matrix, n: number): boolean[] {
  const cells = cellsOf(x);
  const count = new Map<string, number>();
  for (const c of cells) count.set(c, (count.get(c) ?? 0) + 1);
  return cells.map((c) => count.get(c)! >= n);
}

/** Sort a short array in place (insertion sort: for a few replicates, cheaper than a call to the built-in sort). */
function sortSmall(v: Float64Array): Float64Array {
  if (v.length > 32) return v.sort();
  for (let i = 1; i < v.length; i++) {
    const t = v[i];
    let j = i - 1;
    while (j >= 0 && v[j] > t) {
      v[j + 1] = v[j];
      j--;
    }
    v[j + 1] = t;
  }
  return v;
}

/** Trimmed mean of `v` (sorted in place), as R's `mean(x, trim)`. */
function trimmedMeanSorted(v: Float64Array, trim: number): number {
  const n = v.length;
  const lo = Math.floor(n * trim);
  let sum = 0;
  for (let i = lo; i < n - lo; i++) sum += v[i];
  return sum / (n - 2 * lo);
}

/**
 * Robust per-gene dispersion by trimmed moments of normalised counts (at least 0.04).
 */
export function robustMethodOfMomentsDisp(norm: Float64Array, nGenes: number, m: number, x: Matrix): Float64Array {
  const three = nOrMoreInCell(x, 3);
  const cells = cellsOf(x);
  const out = new Float64Array(nGenes);
  const useCells = three.some(Boolean);
  const levels = [...new Set(cells.filter((_, j) => three[j]))];
  const members = levels.map((lvl) => cells.map((c, j) => (c === lvl ? j : -1)).filter((j) => j >= 0));
  const trimOf = (k: number) => (k <= 3.5 ? 0 : k <= 23.5 ? 1 : 2);
  const ratios = [1 / 3, 1 / 4, 1 / 8];
  const scales = [2.04, 1.86, 1.51];
  const bufs = members.map((mem) => new Float64Array(mem.length));
  const all = new Float64Array(m);
  for (let g = 0; g < nGenes; g++) {
    const o = g * m;
    let v: number;
    if (useCells) {
      v = -Infinity;
      members.forEach((mem, li) => {
        const b = bufs[li];
        const t = trimOf(mem.length);
        for (let i = 0; i < mem.length; i++) b[i] = norm[o + mem[i]];
        const cm = trimmedMeanSorted(sortSmall(b), ratios[t]);
        for (let i = 0; i < mem.length; i++) b[i] = (norm[o + mem[i]] - cm) ** 2;
        v = Math.max(v, scales[t] * trimmedMeanSorted(sortSmall(b), ratios[t]));
      });
    } else {
      for (let j = 0; j < m; j++) all[j] = norm[o + j];
      const rm = trimmedMeanSorted(sortSmall(all), 1 / 8);
      for (let j = 0; j < m; j++) all[j] = (norm[o + j] - rm) ** 2;
      v = 1.51 * trimmedMeanSorted(sortSmall(all), 1 / 8);
    }
    let mean = 0;
    for (let j = 0; j < m; j++) mean += norm[o + j];
    mean /= m;
    out[g] = Math.max((v - mean) / (mean * mean), 0.04);
  }
  return out;
}

/**
 * Cook's distances (genes x samples) and their maximum over samples in cells with three or
 * more replicates (NaN when there are none).
 */
export function cooksDistances(
  counts: Float64Array,
  sizeFactors: Float64Array,
  nGenes: number,
  x: Matrix,
  mu: Float64Array,
  hat: Float64Array,
  skip: Uint8Array,
  normFactors?: Float64Array,
): { cooks: Float64Array; maxCooks: Float64Array } {
  const m = x.rows;
  const p = x.cols;
  const norm = new Float64Array(nGenes * m);
  for (let g = 0; g < nGenes; g++) {
    for (let j = 0; j < m; j++) norm[g * m + j] = counts[g * m + j] / (normFactors ? normFactors[g * m + j] : sizeFactors[j]);
  }
  const disp = robustMethodOfMomentsDisp(norm, nGenes, m, x);
  const cooks = new Float64Array(nGenes * m).fill(NaN);
  const maxCooks = new Float64Array(nGenes).fill(NaN);
  const forMax = nOrMoreInCell(x, 3);
  const useMax = m > p && forMax.some(Boolean);
  for (let g = 0; g < nGenes; g++) {
    if (skip[g]) continue;
    let mx = -Infinity;
    for (let j = 0; j < m; j++) {
      const k = g * m + j;
      const v = mu[k] + disp[g] * mu[k] * mu[k];
      const pr2 = (counts[k] - mu[k]) ** 2 / v;
      const h = hat[k];
      cooks[k] = (pr2 / p) * (h / ((1 - h) * (1 - h)));
      if (forMax[j] && cooks[k] > mx) mx = cooks[k];
    }
    if (useMax) maxCooks[g] = mx;
  }
  return { cooks, maxCooks };
}
