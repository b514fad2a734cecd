/**
 * Gene-set enrichment tests:
 *
 * - `ora`: over-representation of a selected gene list (e.g. significantly up-regulated genes)
 *   in each set, with the one-sided hypergeometric test (R's `phyper(q - 1, m, n, k,
 *   lower.tail = FALSE)`, equal to `fisher.test(alternative = "greater")`) and BH adjustment.
 * - `gseaPreranked`: preranked GSEA with the classic weighted Kolmogorov-Smirnov running sum
 *   (Subramanian et al. 2005), normalised enrichment scores and p-values from seeded gene-set
 *   permutations (random gene sets of the same size), as fgsea's "simple" method defines them.
 */
import { InputError } from "../io/errors";
import { Table } from "../io/table";
import { pAdjustBH } from "../stats/padjust";
import { randomStream } from "../stats/random";
import { bd0, stirlerr } from "../stats/rmath";
import { GeneSet, matchSet } from "./geneSet";

const LOG_2PI = 1.837877066409345483560659472811;

/** log of the binomial probability of `x` successes in `n` (p = 1 - q), Loader's saddle-point form. */
function logBinomTerm(x: number, n: number, p: number, q: number): number {
  if (p === 0) return x === 0 ? 0 : -Infinity;
  if (q === 0) return x === n ? 0 : -Infinity;
  if (x < 0 || x > n) return -Infinity;
  if (x === 0) {
    if (n === 0) return 0;
    return p < 0.1 ? -bd0(n, n * q) - n * p : n * Math.log(q);
  }
  if (x === n) return q < 0.1 ? -bd0(n, n * p) - n * q : n * Math.log(p);
  const lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
  return lc - 0.5 * (LOG_2PI + Math.log(x) + Math.log1p(-x / n));
}

/**
 * Hypergeometric probability of `x` white balls in `n` draws from an urn with `white` white and
 * `black` black balls, written through three binomial terms (accurate in the far tails).
 */
function hyperDensity(x: number, white: number, black: number, n: number): number {
  if (x < 0 || x > white || n - x > black) return 0;
  if (n === 0) return x === 0 ? 1 : 0;
  const total = white + black;
  const p = n / total;
  const q = (total - n) / total;
  return Math.exp(logBinomTerm(x, white, p, q) + logBinomTerm(n - x, black, p, q) - logBinomTerm(n, total, p, q));
}

/**
 * P(X <= x) (lower) or P(X > x) (upper) for the hypergeometric distribution, following R's
 * `phyper`: the shorter tail is summed downwards from its end term by term ratios, so that tiny
 * upper-tail probabilities keep full relative accuracy.
 */
function hyperCdf(x: number, white: number, black: number, n: number, lower: boolean): number {
  x = Math.floor(x + 1e-7);
  if (x * (white + black) > n * white) {
    const t = black;
    black = white;
    white = t;
    x = n - x - 1;
    lower = !lower;
  }
  if (x < 0) return lower ? 0 : 1;
  if (x >= white || x >= n) return lower ? 1 : 0;
  const d = hyperDensity(x, white, black, n);
  // sum of P(X = j) / P(X = x) for j < x, with ratios of consecutive terms
  let sum = 0;
  let term = 1;
  let j = x;
  while (j > 0 && term >= Number.EPSILON * sum) {
    term *= (j * (black - n + j)) / (n + 1 - j) / (white + 1 - j);
    sum += term;
    j--;
  }
  const lowerTail = d * (1 + sum);
  return lower ? lowerTail : 0.5 - lowerTail + 0.5;
}

/**
 * The one-sided hypergeometric p-value of seeing at least `overlap` selected genes in a set of
 * `setSize` genes, with `selected` of `universe` genes selected (R's
 * `phyper(overlap - 1, setSize, universe - setSize, selected, lower.tail = FALSE)`).
 *
 * @example
 * hypergeometricUpper(3, 10, 100, 5); // P(X >= 3), about 0.0066
 */
export function hypergeometricUpper(overlap: number, setSize: number, universe: number, selected: number): number {
  return hyperCdf(overlap - 1, setSize, universe - setSize, selected, false);
}

/** Names for a message: the first few, then how many more. */
function listSome(names: string[], max = 5): string {
  const shown = names.slice(0, max).join(", ");
  return names.length > max ? `${shown} and ${names.length - max} more` : shown;
}

function checkSetNames(sets: GeneSet[], where: string): void {
  if (sets.length === 0) throw new InputError("no gene sets given", where);
  const seen = new Set<string>();
  for (const s of sets) {
    if (seen.has(s.name)) throw new InputError(`gene set "${s.name}" appears twice`, where);
    seen.add(s.name);
  }
}

/**
 * Over-representation analysis: for each set, the one-sided hypergeometric test of more
 * selected genes in the set than expected by chance, within the given universe (for DESeq2
 * results: the genes with a non-NA `padj`; selected: e.g. `padj < 0.05 & log2FoldChange > 1`).
 *
 * With m = the set's genes in the universe (`size`), q = `overlap`, k = `selected`, N = `universe`:
 * `pvalue` = P(X >= q) for X ~ Hypergeometric(m, N - m, k), `expected` = m k / N, `padj` = BH over
 * the sets. `overlap_genes` lists the overlap in the universe's order. Set genes outside the
 * universe are ignored; a set with none in the universe gets size 0 and p-value 1.
 *
 * @param selected - the selected genes; all must be in `universe`.
 * @param universe - every gene that could have been selected, without duplicates.
 * @param sets - gene sets; matching is exact (case-sensitive).
 * @returns A table with columns set, overlap, size, universe, selected, expected, pvalue, padj, overlap_genes.
 * @throws InputError for an empty selection or universe, duplicated genes, selected genes outside the universe.
 *
 * @example
 * const t = ora(["CDKN1A", "MDM2"], ["CDKN1A", "MDM2", "GAPDH", "ACTB", "MKI67"], [
 *   { name: "P53", genes: ["MDM2", "CDKN1A", "BAX"] },
 * ]);
 * t.column("overlap"); // Float64Array [2]
 * t.column("overlap_genes"); // ["CDKN1A,MDM2"]
 */
export function ora(selected: string[], universe: string[], sets: GeneSet[]): Table {
  const where = "ora";
  if (universe.length === 0) throw new InputError("the universe is empty", where);
  if (selected.length === 0) throw new InputError("the selection is empty: no genes were selected", where);
  checkSetNames(sets, where);
  const pos = new Map<string, number>();
  universe.forEach((g, i) => {
    if (pos.has(g)) throw new InputError(`gene "${g}" appears twice in the universe`, where);
    pos.set(g, i);
  });
  const isSelected = new Uint8Array(universe.length);
  const outside: string[] = [];
  for (const g of selected) {
    const i = pos.get(g);
    if (i === undefined) outside.push(g);
    else if (isSelected[i]) throw new InputError(`gene "${g}" appears twice in the selection`, where);
    else isSelected[i] = 1;
  }
  if (outside.length > 0) {
    throw new InputError(`${outside.length} selected gene(s) are not in the universe: ${listSome(outside)}`, where);
  }
  const N = universe.length;
  const k = selected.length;
  const n = sets.length;
  const overlap = new Float64Array(n);
  const size = new Float64Array(n);
  const expected = new Float64Array(n);
  const pvalue = new Float64Array(n);
  const genesOut: string[] = [];
  sets.forEach((s, j) => {
    const idx = Array.from(new Set(matchSet(s, pos).index)).sort((a, b) => a - b);
    const hits = idx.filter((i) => isSelected[i] === 1);
    const m = idx.length;
    const q = hits.length;
    size[j] = m;
    overlap[j] = q;
    expected[j] = (m * k) / N;
    pvalue[j] = hypergeometricUpper(q, m, N, k);
    genesOut.push(hits.map((i) => universe[i]).join(","));
  });
  return Table.fromColumns({
    set: sets.map((s) => s.name),
    overlap,
    size,
    universe: new Float64Array(n).fill(N),
    selected: new Float64Array(n).fill(k),
    expected,
    pvalue,
    padj: pAdjustBH(pvalue),
    overlap_genes: genesOut,
  });
}

/** Options of `gseaPreranked`. */
export interface GseaOptions {
  /** Random gene sets per set for NES and p-values (default 10,000; 0 gives ES only, NES/p NaN). */
  permutations?: number;
  /** Seed of the MT19937 stream used for the permutations (default 20240601). */
  seed?: number;
  /** Exponent of |stat| in the running-sum weights (default 1, the classic GSEA; 0 = unweighted KS). */
  weight?: number;
  /** Sets with fewer genes in the ranking are left out of the result (default 1). */
  minSize?: number;
}

/** Result of the running sum for one set of sorted hit positions (0-based). */
interface EsResult {
  es: number;
  /** index into the hit positions where the walk reaches ES */
  at: number;
}

/**
 * Classic weighted KS enrichment score from the sorted 0-based hit positions `pos[0..k)`:
 * just after hit j the walk is cumW_j / NR - (pos_j - j) / (N - k) (its local maxima), just
 * before it that value minus w_j / NR (its local minima); the walk starts and ends at 0.
 */
function enrichmentScore(pos: ArrayLike<number>, k: number, w: Float64Array, N: number): EsResult {
  let NR = 0;
  for (let j = 0; j < k; j++) NR += w[pos[j]];
  const missStep = N - k;
  let cum = 0;
  let mx = 0;
  let mn = 0;
  let atMax = -1;
  let atMin = -1;
  for (let j = 0; j < k; j++) {
    const wj = w[pos[j]];
    cum += wj;
    const top = cum / NR - (pos[j] - j) / missStep;
    const bottom = top - wj / NR;
    if (top > mx) {
      mx = top;
      atMax = j;
    }
    if (bottom < mn) {
      mn = bottom;
      atMin = j;
    }
  }
  if (mx > -mn) return { es: mx, at: atMax };
  if (mx < -mn) return { es: mn, at: atMin };
  return { es: 0, at: -1 }; // exact tie max == |min| (or an empty walk), as fgsea
}

/**
 * `enrichmentScore(...).es` for the permutation null, with reciprocals instead of divisions (may
 * differ from it in the last bit, which cannot matter for Monte Carlo counts).
 */
function nullScore(pos: Int32Array, k: number, w: Float64Array, N: number): number {
  let NR = 0;
  for (let j = 0; j < k; j++) NR += w[pos[j]];
  const invNR = 1 / NR;
  const invMiss = 1 / (N - k);
  let cum = 0;
  let mx = 0;
  let mn = 0;
  for (let j = 0; j < k; j++) {
    const before = cum * invNR - (pos[j] - j) * invMiss;
    cum += w[pos[j]];
    const after = cum * invNR - (pos[j] - j) * invMiss;
    if (after > mx) mx = after;
    if (before < mn) mn = before;
  }
  return mx > -mn ? mx : mx < -mn ? mn : 0;
}

/** Scratch space for `sampleSorted`. */
interface SampleScratch {
  /** per position, the draw that last picked it */
  mark: Int32Array;
  /** unsorted draws */
  raw: Int32Array;
  /** bucket counts, then bucket starts */
  count: Int32Array;
  draw: number;
}

/**
 * A uniform random subset of `k` of the positions 0..N-1 (Floyd's algorithm), written sorted into
 * `out`. The draws are uniform, so a bucket sort (k buckets of equal width, then an insertion sort
 * of the nearly sorted result) takes linear expected time.
 */
function sampleSorted(N: number, k: number, uniform: () => number, out: Int32Array, sc: SampleScratch): void {
  const { mark, raw, count } = sc;
  const stamp = sc.draw++;
  let c = 0;
  for (let j = N - k; j < N; j++) {
    const t = Math.floor(uniform() * (j + 1));
    const pick = mark[t] === stamp ? j : t;
    mark[pick] = stamp;
    raw[c++] = pick;
  }
  const scale = k / N;
  count.fill(0, 0, k + 1);
  for (let i = 0; i < k; i++) count[Math.floor(raw[i] * scale) + 1]++;
  for (let b = 1; b <= k; b++) count[b] += count[b - 1];
  for (let i = 0; i < k; i++) out[count[Math.floor(raw[i] * scale)]++] = raw[i];
  for (let i = 1; i < k; i++) {
    const v = out[i];
    let j = i - 1;
    while (j >= 0 && out[j] > v) {
      out[j + 1] = out[j];
      j--;
    }
    out[j + 1] = v;
  }
}

/**
 * Preranked gene-set enrichment analysis (GSEA) with the classic weighted running sum.
 *
 * The genes are ranked by `stat` decreasing (if `stat` is not already in that order it is sorted
 * stably, so ties keep the given order). With weights w = |stat|^weight, P_hit(i) is the sum of w
 * over set genes at ranks <= i divided by the set's total, P_miss(i) the fraction of the N - k
 * non-set genes at ranks <= i; ES is max(P_hit - P_miss) if that exceeds |min|, otherwise the min.
 * `peak_rank` is the 1-based rank where the walk reaches ES (for ES < 0 the rank just above the first
 * leading-edge gene); `leading_edge` lists the set genes at ranks <= peak_rank in rank order (ES > 0),
 * or those below it from the bottom of the ranking upwards (ES < 0).
 *
 * NES and p-values come from `permutations` random gene sets of the same size per set, drawn
 * uniformly without replacement from the N ranked genes with one seeded MT19937 stream (sets in the
 * given order), so a seed always gives the same result. For ES >= 0: NES = ES / mean(null ES >= 0)
 * and p = (1 + #{null >= ES}) / (1 + #{null >= 0}); for ES < 0 the mirror image. `padj` is BH over
 * the sets reported. The smallest attainable p is about 2 / permutations.
 *
 * @param genes - gene names, one per statistic, without duplicates.
 * @param stat - ranking statistic per gene (e.g. DESeq2 Wald `stat`); finite numbers.
 * @param sets - gene sets; matching is exact (case-sensitive), genes outside the ranking are ignored.
 * @param options - permutations, seed, weight exponent, minimum set size.
 * @returns A table with columns set, size, es, nes, pvalue, padj, peak_rank, leading_edge_size, leading_edge.
 * @throws InputError for mismatched lengths, duplicated genes, non-finite statistics (naming the gene),
 *   sets with no gene in the ranking (named), or a set covering the whole ranking.
 *
 * @example
 * const t = gseaPreranked(["CDKN1A", "MDM2", "GAPDH", "ACTB", "MKI67"], Float64Array.from([40, 30, 1, -2, -25]),
 *   [{ name: "P53", genes: ["CDKN1A", "MDM2"] }], { permutations: 1000, seed: 1 });
 * t.column("es"); // Float64Array [1]
 * t.column("leading_edge"); // ["CDKN1A,MDM2"]
 */
export function gseaPreranked(genes: string[], stat: ArrayLike<number>, sets: GeneSet[], options: GseaOptions = {}): Table {
  const where = "gseaPreranked";
  const B = options.permutations ?? 10000;
  const seed = options.seed ?? 20240601;
  const p = options.weight ?? 1;
  const minSize = options.minSize ?? 1;
  if (!Number.isInteger(B) || B < 0) throw new InputError(`permutations must be a whole number >= 0, got ${B}`, where);
  if (!Number.isInteger(seed) || seed < 1 || seed > 4294967295) {
    throw new InputError(`seed must be an integer from 1 to 4294967295, got ${seed}`, where);
  }
  if (!(Number.isFinite(p) && p >= 0)) throw new InputError(`weight must be a number >= 0, got ${p}`, where);
  if (!(Number.isFinite(minSize) && minSize >= 1)) throw new InputError(`minSize must be >= 1, got ${minSize}`, where);
  if (genes.length !== stat.length) {
    throw new InputError(`${genes.length} genes but ${stat.length} statistics; give one statistic per gene`, where);
  }
  const N = genes.length;
  if (N === 0) throw new InputError("the ranking is empty", where);
  checkSetNames(sets, where);
  for (let i = 0; i < N; i++) {
    if (!Number.isFinite(stat[i])) {
      throw new InputError(`statistic is ${stat[i]} for gene "${genes[i]}"; remove genes without a finite statistic`, where);
    }
  }
  // ranking order: stat decreasing, ties in the given order
  let sorted = true;
  for (let i = 1; i < N && sorted; i++) if (stat[i] > stat[i - 1]) sorted = false;
  const order = Array.from({ length: N }, (_, i) => i);
  if (!sorted) order.sort((a, b) => stat[b] - stat[a] || a - b);
  const ranked: string[] = new Array(N);
  const w = new Float64Array(N);
  const rankOf = new Map<string, number>();
  for (let r = 0; r < N; r++) {
    const g = genes[order[r]];
    if (rankOf.has(g)) throw new InputError(`gene "${g}" appears twice in the ranking`, where);
    rankOf.set(g, r);
    ranked[r] = g;
    const a = Math.abs(stat[order[r]]);
    w[r] = p === 1 ? a : p === 0 ? 1 : Math.pow(a, p);
  }

  const empty = sets.filter((s) => matchSet(s, rankOf).index.length === 0).map((s) => s.name);
  if (empty.length > 0) {
    throw new InputError(`${empty.length} gene set(s) have no genes in the ranking: ${listSome(empty)}`, where);
  }
  const kept: { name: string; pos: Int32Array }[] = [];
  for (const s of sets) {
    const pos = Int32Array.from(new Set(matchSet(s, rankOf).index)).sort();
    if (pos.length < minSize) continue;
    if (pos.length === N) throw new InputError(`gene set "${s.name}" contains every ranked gene; nothing to compare with`, where);
    kept.push({ name: s.name, pos });
  }

  const n = kept.length;
  const size = new Float64Array(n);
  const es = new Float64Array(n);
  const nes = new Float64Array(n).fill(NaN);
  const pvalue = new Float64Array(n).fill(NaN);
  const peak = new Float64Array(n);
  const leSize = new Float64Array(n);
  const leading: string[] = [];
  const rng = B > 0 ? randomStream(seed) : null;
  const maxK = kept.reduce((a, s) => Math.max(a, s.pos.length), 0);
  const buf = new Int32Array(maxK);
  const scratch: SampleScratch = { mark: new Int32Array(N).fill(-1), raw: new Int32Array(maxK), count: new Int32Array(maxK + 1), draw: 0 };

  kept.forEach(({ pos }, j) => {
    const k = pos.length;
    const obs = enrichmentScore(pos, k, w, N);
    size[j] = k;
    es[j] = obs.es;
    let le: number[] = [];
    if (obs.es > 0) {
      le = Array.from(pos.subarray(0, obs.at + 1));
      peak[j] = pos[obs.at] + 1;
    } else if (obs.es < 0) {
      le = Array.from(pos.subarray(obs.at)).reverse();
      peak[j] = pos[obs.at];
    } else {
      peak[j] = NaN;
    }
    leSize[j] = le.length;
    leading.push(le.map((r) => ranked[r]).join(","));
    if (!rng || Number.isNaN(obs.es)) return;
    const e = obs.es;
    let same = 0;
    let extreme = 0;
    let sumSame = 0;
    for (let b = 0; b < B; b++) {
      sampleSorted(N, k, rng.uniform, buf, scratch);
      const z = nullScore(buf, k, w, N);
      if (e >= 0) {
        if (z >= 0) {
          same++;
          sumSame += z;
          if (z >= e) extreme++;
        }
      } else if (z <= 0) {
        same++;
        sumSame += z;
        if (z <= e) extreme++;
      }
    }
    nes[j] = e / Math.abs(sumSame / same);
    pvalue[j] = (1 + extreme) / (1 + same);
  });

  return Table.fromColumns({
    set: kept.map((s) => s.name),
    size,
    es,
    nes,
    pvalue,
    padj: pAdjustBH(pvalue),
    peak_rank: peak,
    leading_edge_size: leSize,
    leading_edge: leading,
  });
}
