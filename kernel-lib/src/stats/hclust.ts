/**
 * Agglomerative hierarchical clustering of a small distance matrix (complete linkage by default,
 * as R's `hclust` and pheatmap) returning the merge order and a leaf order for drawing: at each
 * step the two closest clusters merge; the leaf order lists the left cluster's leaves before the
 * right one's, the cluster formed earlier (or holding the smaller index) on the left.
 */

/** Result of {@link hclust}. */
export interface HClust {
  /** Each merge: the two clusters joined (leaf i as -(i+1), earlier merges as their 1-based step) and the height. */
  merges: { a: number; b: number; height: number }[];
  /** Leaves in drawing order. */
  order: number[];
}

/**
 * @example
 * hclust(Float64Array.of(0, 1, 5, 1, 0, 4, 5, 4, 0), 3).order; // [2, 0, 1] or similar, with 0 and 1 adjacent
 */
export function hclust(dist: ArrayLike<number>, n: number, linkage: "complete" | "average" | "single" = "complete"): HClust {
  if (dist.length !== n * n) throw new RangeError(`distance matrix has ${dist.length} entries for ${n} items`);
  type Cluster = { id: number; leaves: number[] };
  let clusters: Cluster[] = Array.from({ length: n }, (_, i) => ({ id: -(i + 1), leaves: [i] }));
  const merges: HClust["merges"] = [];
  const between = (x: Cluster, y: Cluster) => {
    let agg = linkage === "single" ? Infinity : linkage === "complete" ? -Infinity : 0;
    for (const i of x.leaves) for (const j of y.leaves) {
      const d = dist[i * n + j];
      if (linkage === "single") agg = Math.min(agg, d);
      else if (linkage === "complete") agg = Math.max(agg, d);
      else agg += d;
    }
    return linkage === "average" ? agg / (x.leaves.length * y.leaves.length) : agg;
  };
  while (clusters.length > 1) {
    let best = Infinity;
    let bi = 0;
    let bj = 1;
    for (let i = 0; i < clusters.length; i++) {
      for (let j = i + 1; j < clusters.length; j++) {
        const d = between(clusters[i], clusters[j]);
        if (d < best) {
          best = d;
          bi = i;
          bj = j;
        }
      }
    }
    const [x, y] = [clusters[bi], clusters[bj]];
    const step = merges.length + 1;
    merges.push({ a: x.id, b: y.id, height: best });
    const merged = { id: step, leaves: [...x.leaves, ...y.leaves] };
    clusters = clusters.filter((_, k) => k !== bi && k !== bj);
    clusters.push(merged);
  }
  return { merges, order: clusters[0]?.leaves ?? [] };
}
