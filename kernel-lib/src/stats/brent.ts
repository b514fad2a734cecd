/**
 * One-dimensional minimisation without derivatives by Brent's method (Brent 1973,
 * "Algorithms for Minimization without Derivatives", ch. 5: golden-section steps combined
 * with successive parabolic interpolation), with the stopping rule of R's `optimize`
 * (tolerance tol/3 + sqrt(machine epsilon) |x|), so results agree with R's.
 */

/**
 * Brent's method as a coroutine: yields each point to evaluate, is resumed with f there, and
 * returns the minimiser. Drives {@link brentMinimize} and {@link brentMinimizeAsync}.
 */
export function* brentSteps(lower: number, upper: number, tol = 0.0001220703125): Generator<number, number, number> {
  const c = (3 - Math.sqrt(5)) * 0.5;
  const eps = Math.sqrt(Number.EPSILON);
  let a = lower;
  let b = upper;
  let v = a + c * (b - a);
  let w = v;
  let x = v;
  let d = 0;
  let e = 0;
  let fx = yield x;
  let fv = fx;
  let fw = fx;
  const tol3 = tol / 3;
  for (;;) {
    const xm = (a + b) * 0.5;
    const tol1 = eps * Math.abs(x) + tol3;
    const t2 = tol1 * 2;
    if (Math.abs(x - xm) <= t2 - (b - a) * 0.5) break;
    let p = 0;
    let q = 0;
    let r = 0;
    if (Math.abs(e) > tol1) {
      r = (x - w) * (fx - fv);
      q = (x - v) * (fx - fw);
      p = (x - v) * q - (x - w) * r;
      q = (q - r) * 2;
      if (q > 0) p = -p;
      else q = -q;
      r = e;
      e = d;
    }
    if (Math.abs(p) >= Math.abs(q * 0.5 * r) || p <= q * (a - x) || p >= q * (b - x)) {
      e = x < xm ? b - x : a - x;
      d = c * e;
    } else {
      d = p / q;
      const u = x + d;
      if (u - a < t2 || b - u < t2) d = x >= xm ? -tol1 : tol1;
    }
    const u = Math.abs(d) >= tol1 ? x + d : d > 0 ? x + tol1 : x - tol1;
    const fu = yield u;
    if (fu <= fx) {
      if (u < x) b = x;
      else a = x;
      v = w;
      fv = fw;
      w = x;
      fw = fx;
      x = u;
      fx = fu;
    } else {
      if (u < x) a = u;
      else b = u;
      if (fu <= fw || w === x) {
        v = w;
        fv = fw;
        w = u;
        fw = fu;
      } else if (fu <= fv || v === x || v === w) {
        v = u;
        fv = fu;
      }
    }
  }
  return x;
}

/**
 * Minimise `f` on [lower, upper]; as R's `optimize(f, c(lower, upper), tol = tol)`.
 * For a maximum, minimise the negated function.
 *
 * @example
 * brentMinimize((x) => (x - 1 / 3) ** 2, 0, 1); // 0.3333333...
 */
export function brentMinimize(f: (x: number) => number, lower: number, upper: number, tol = 0.0001220703125): number {
  const steps = brentSteps(lower, upper, tol);
  let step = steps.next();
  while (!step.done) step = steps.next(f(step.value));
  return step.value;
}

/**
 * {@link brentMinimize} for a function evaluated asynchronously (e.g. on worker threads): the
 * same points, the same result.
 *
 * @example
 * await brentMinimizeAsync(async (x) => (x - 1 / 3) ** 2, 0, 1); // 0.3333333...
 */
export async function brentMinimizeAsync(f: (x: number) => Promise<number>, lower: number, upper: number, tol = 0.0001220703125): Promise<number> {
  const steps = brentSteps(lower, upper, tol);
  let step = steps.next();
  while (!step.done) step = steps.next(await f(step.value));
  return step.value;
}
