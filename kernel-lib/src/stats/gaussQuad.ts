/**
 * Gauss-Legendre quadrature: nodes and weights for integrating over [0, 1] against the uniform
 * density (as statmod's `gauss.quad.prob(n, "uniform")`), from Newton iterations on the Legendre
 * polynomial P_n started at cos(pi (i - 1/4) / (n + 1/2)) (Abramowitz & Stegun 22.16).
 */

/**
 * @example
 * const g = gaussLegendreUniform(5);
 * g.weights.reduce((a, b) => a + b); // 1
 */
export function gaussLegendreUniform(n: number): { nodes: Float64Array; weights: Float64Array } {
  const nodes = new Float64Array(n);
  const weights = new Float64Array(n);
  for (let i = 1; i <= n; i++) {
    let x = Math.cos((Math.PI * (i - 0.25)) / (n + 0.5));
    let dp = 0;
    for (let it = 0; it < 100; it++) {
      let p0 = 1;
      let p1 = x;
      for (let k = 2; k <= n; k++) {
        const p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
        p0 = p1;
        p1 = p2;
      }
      dp = (n * (x * p1 - p0)) / (x * x - 1);
      const dx = p1 / dp;
      x -= dx;
      if (Math.abs(dx) < 1e-16) break;
    }
    // map from [-1, 1] to [0, 1]; the weights of the uniform density sum to one
    nodes[n - i] = (x + 1) / 2;
    weights[n - i] = 1 / ((1 - x * x) * dp * dp);
  }
  return { nodes, weights };
}
