/**
 * Root finding without derivatives (R's `uniroot`): Brent's zeroin (Brent 1973, ch. 4;
 * netlib zeroin.c as in R's `R_zeroin2`), combining bisection, secant and inverse quadratic
 * interpolation.
 */
const DBL_EPSILON = 2.220446049250313e-16;

/**
 * R's `uniroot` core (`R_zeroin2`, Brent 1973 as in netlib zeroin.c) given f at the ends.
 * Returns the root estimate.
 *
 * @example
 * zeroin((x) => x * x - 2, 0, 2, -2, 2, 1e-10, 1000); // 1.4142135623...
 */
export function zeroin(f: (x: number) => number, ax: number, bx: number, fa: number, fb: number, tol: number, maxit: number): number {
  let a = ax;
  let b = bx;
  let c = a;
  let fc = fa;
  let count = maxit + 1;
  if (fa === 0) return a;
  if (fb === 0) return b;
  while (count--) {
    const prevStep = b - a;
    if (Math.abs(fc) < Math.abs(fb)) {
      a = b;
      b = c;
      c = a;
      fa = fb;
      fb = fc;
      fc = fa;
    }
    const tolAct = 2 * DBL_EPSILON * Math.abs(b) + tol / 2;
    let newStep = (c - b) / 2;
    if (Math.abs(newStep) <= tolAct || fb === 0) return b;
    if (Math.abs(prevStep) >= tolAct && Math.abs(fa) > Math.abs(fb)) {
      let p: number;
      let q: number;
      const cb = c - b;
      if (a === c) {
        const t1 = fb / fa;
        p = cb * t1;
        q = 1 - t1;
      } else {
        q = fa / fc;
        const t1 = fb / fc;
        const t2 = fb / fa;
        p = t2 * (cb * q * (q - t1) - (b - a) * (t1 - 1));
        q = (q - 1) * (t1 - 1) * (t2 - 1);
      }
      if (p > 0) q = -q;
      else p = -p;
      if (p < 0.75 * cb * q - Math.abs(tolAct * q) / 2 && p < Math.abs((prevStep * q) / 2)) newStep = p / q;
    }
    if (Math.abs(newStep) < tolAct) newStep = newStep > 0 ? tolAct : -tolAct;
    a = b;
    fa = fb;
    b += newStep;
    fb = f(b);
    if ((fb > 0 && fc > 0) || (fb < 0 && fc < 0)) {
      c = a;
      fc = fa;
    }
  }
  return b;
}
