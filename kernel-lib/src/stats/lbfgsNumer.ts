/**
 * RcppNumerical's `optim_lbfgs()` (the C++ entry point apeglm's `nbinomGLM` calls) with the
 * LBFGS++ solver that RcppNumerical 0.5-0 (LBFGS++ 0.2.0) and 0.6-0 (LBFGS++ 0.3.0) bundle.
 *
 * What `optim_lbfgs(f, x, fx, maxit, eps_f, eps_g)` does in those versions:
 * - parameters: m = 6 correction pairs, epsilon = epsilon_rel = eps_g, past = 1, delta = eps_f,
 *   max_iterations = maxit, max_linesearch = 100, strong Wolfe conditions with ftol = 1e-4 and
 *   wolfe = 0.9; solver `LBFGSSolver<double>` whose default line search is
 *   `LineSearchNocedalWright` (since LBFGS++ 0.2.0);
 * - start: direction -g, first trial step 1/||g||; afterwards every line search starts at 1;
 * - stop after a line search when ||g|| <= epsilon or ||g|| <= epsilon_rel ||x||, or when
 *   |f_{k-1} - f_k| <= delta max(|f_k|, |f_{k-1}|, 1), or after max_iterations;
 * - every (s, y) pair is stored (theta = y'y / s'y), direction by the two-loop recursion;
 * - an exception in the solver becomes status -1 with x at the last trial point.
 *
 * The Nocedal–Wright line search (Numerical Optimization, 2nd ed., Algorithms 3.5 and 3.6):
 * double the step until a bracket is found or the strong Wolfe conditions hold, then zoom with
 * the minimiser of the quadratic through f(lo), f(hi) and f'(lo), bisecting when it falls
 * outside the bracket. The two LBFGS++ versions differ in the zoom step: 0.2.0 computes the
 * interpolant as ((f_hi - f_lo) a_lo - (a_hi^2 - a_lo^2) g_lo / 2) / ((f_hi - f_lo) - (a_hi - a_lo) g_lo)
 * and simply returns when the trial budget is spent; 0.3.0 writes the numerator with the
 * midpoint, (f_hi - f_lo) a_lo - mid (a_hi - a_lo) g_lo, also bisects when the interpolant is
 * not finite or lies within 1% of the bracket width of an end, and fails when the budget is
 * spent.
 *
 * Vector reductions (dot products, norms) are summed in the order of Eigen 3.3's SSE2 reduction
 * (two-lane packets) so that the rounding matches the compiled library.
 */

/** Objective: returns f(x) and writes the gradient into `grad`. */
export type NumerObjective = (x: Float64Array, grad: Float64Array) => number;

/** LBFGS++ version bundled by RcppNumerical: "0.2" (RcppNumerical 0.5-0) or "0.3" (0.6-0). */
export type LbfgsppVersion = "0.2" | "0.3";

/** Options of {@link optimLbfgsNumer}. */
export interface NumerLbfgsOptions {
  /** Maximum iterations (`maxit`). Default 300. */
  maxit: number;
  /** Objective-decrease tolerance (`eps_f`). Default 1e-6. */
  epsF: number;
  /** Gradient tolerance, absolute and relative to ||x|| (`eps_g`). Default 1e-5. */
  epsG: number;
  /** LBFGS++ version. Default "0.3". */
  version: LbfgsppVersion;
}

/** Outcome of {@link optimLbfgsNumer}. */
export interface NumerLbfgsResult {
  /** Final point (the last trial point when the solver failed). */
  x: Float64Array;
  /** Objective at `x`. */
  fx: number;
  /** 0, or -1 when LBFGS++ threw (RcppNumerical's status). */
  status: number;
  /** Iterations used; NaN when the solver failed. */
  iterations: number;
  /** Objective and gradient evaluations. */
  evaluations: number;
  /** The exception message when status is -1. */
  message?: string;
}

class SolverFailure extends Error {}

/**
 * Sum of a[i] * b[i] in Eigen's vectorised reduction order: two-lane packets accumulated in two
 * packet registers over blocks of four, combined, one more packet if left, the two lanes added,
 * then the scalar tail.
 */
export function eigenDot(a: ArrayLike<number>, b: ArrayLike<number>, n: number): number {
  if (n < 2) return n === 1 ? a[0] * b[0] : 0;
  const size4 = n - (n % 4);
  const size2 = n - (n % 2);
  let p0 = a[0] * b[0];
  let p1 = a[1] * b[1];
  if (size2 > 2) {
    let q0 = a[2] * b[2];
    let q1 = a[3] * b[3];
    for (let i = 4; i < size4; i += 4) {
      p0 += a[i] * b[i];
      p1 += a[i + 1] * b[i + 1];
      q0 += a[i + 2] * b[i + 2];
      q1 += a[i + 3] * b[i + 3];
    }
    p0 += q0;
    p1 += q1;
    if (size2 > size4) {
      p0 += a[size4] * b[size4];
      p1 += a[size4 + 1] * b[size4 + 1];
    }
  }
  let s = p0 + p1;
  for (let i = size2; i < n; i++) s += a[i] * b[i];
  return s;
}

function eigenNorm(a: Float64Array): number {
  return Math.sqrt(eigenDot(a, a, a.length));
}

/** Limited-memory inverse Hessian (LBFGS++ `BFGSMat`, the L-BFGS part). */
class BfgsMat {
  private readonly s: Float64Array[];
  private readonly y: Float64Array[];
  private readonly ys: Float64Array;
  private readonly alpha: Float64Array;
  private theta = 1;
  private ncorr = 0;
  private ptr: number;

  constructor(
    private readonly n: number,
    private readonly m: number,
  ) {
    this.s = Array.from({ length: m }, () => new Float64Array(n));
    this.y = Array.from({ length: m }, () => new Float64Array(n));
    this.ys = new Float64Array(m);
    this.alpha = new Float64Array(m);
    this.ptr = m;
  }

  addCorrection(x: Float64Array, xp: Float64Array, g: Float64Array, gp: Float64Array): void {
    const { n } = this;
    const loc = this.ptr % this.m;
    const s = this.s[loc];
    const y = this.y[loc];
    for (let i = 0; i < n; i++) {
      s[i] = x[i] - xp[i];
      y[i] = g[i] - gp[i];
    }
    const ys = eigenDot(s, y, n);
    this.ys[loc] = ys;
    this.theta = eigenDot(y, y, n) / ys;
    if (this.ncorr < this.m) this.ncorr++;
    this.ptr = loc + 1;
  }

  /** res = a H v (two-loop recursion, H0 = I / theta). */
  applyHv(v: Float64Array, a: number, res: Float64Array): void {
    const { m, n } = this;
    for (let i = 0; i < n; i++) res[i] = a * v[i];
    let j = this.ptr % m;
    for (let i = 0; i < this.ncorr; i++) {
      j = (j + m - 1) % m;
      const al = eigenDot(this.s[j], res, n) / this.ys[j];
      this.alpha[j] = al;
      const yj = this.y[j];
      for (let t = 0; t < n; t++) res[t] -= al * yj[t];
    }
    for (let t = 0; t < n; t++) res[t] /= this.theta;
    for (let i = 0; i < this.ncorr; i++) {
      const beta = eigenDot(this.y[j], res, n) / this.ys[j];
      const c = this.alpha[j] - beta;
      const sj = this.s[j];
      for (let t = 0; t < n; t++) res[t] += c * sj[t];
      j = (j + 1) % m;
    }
  }
}

interface State {
  x: Float64Array;
  grad: Float64Array;
  fx: number;
  evals: number;
}

const FTOL = 1e-4;
const WOLFE = 0.9;
const MAX_LINESEARCH = 100;

/** LBFGS++ `LineSearchNocedalWright` (0.2.0 or 0.3.0); moves the state to the accepted point. */
function lineSearchNW(f: NumerObjective, version: LbfgsppVersion, xp: Float64Array, drt: Float64Array, step0: number, st: State): void {
  const n = xp.length;
  let step = step0;
  if (!(step > 0)) throw new SolverFailure("'step' must be positive");
  const fxInit = st.fx;
  const dgInit = eigenDot(st.grad, drt, n);
  if (dgInit > 0) throw new SolverFailure("the moving direction increases the objective function value");
  const testDecr = FTOL * dgInit;
  const testCurv = -WOLFE * dgInit;
  const v3 = version === "0.3";
  let stepHi = 0;
  let fxHi = 0;
  let stepLo = 0;
  let fxLo = fxInit;
  let dgLo = dgInit;
  const evaluate = () => {
    for (let i = 0; i < n; i++) st.x[i] = xp[i] + step * drt[i];
    st.fx = f(st.x, st.grad);
    st.evals++;
  };
  let iter = 0;
  /** Count a trial step: LBFGS++ 0.3 throws at the limit, 0.2 stops with the last step. */
  const trialLimitReached = (): boolean => {
    if (!v3) return iter++ >= MAX_LINESEARCH;
    iter++;
    if (iter >= MAX_LINESEARCH) throw new SolverFailure("the line search routine reached the maximum number of iterations");
    return false;
  };
  // bracketing phase
  for (;;) {
    evaluate();
    if (trialLimitReached()) return;
    const dg = eigenDot(st.grad, drt, n);
    if (st.fx - fxInit > step * testDecr || (0 < stepLo && st.fx >= fxLo)) {
      stepHi = step;
      fxHi = st.fx;
      break;
    }
    if (Math.abs(dg) <= testCurv) return;
    stepHi = stepLo;
    fxHi = fxLo;
    stepLo = step;
    fxLo = st.fx;
    dgLo = dg;
    if (dg >= 0) break;
    step *= 2;
  }
  // zoom phase
  for (;;) {
    if (v3) {
      const fdiff = fxHi - fxLo;
      const sdiff = stepHi - stepLo;
      const smid = (stepHi + stepLo) / 2;
      let cand = fdiff * stepLo - smid * sdiff * dgLo;
      cand = cand / (fdiff - sdiff * dgLo);
      const endDist = Math.min(Math.abs(cand - stepLo), Math.abs(cand - stepHi));
      const bisect =
        !Number.isFinite(cand) ||
        cand <= Math.min(stepLo, stepHi) ||
        cand >= Math.max(stepLo, stepHi) ||
        endDist < 0.01 * Math.abs(sdiff);
      step = bisect ? smid : cand;
    } else {
      step = (fxHi - fxLo) * stepLo - ((stepHi * stepHi - stepLo * stepLo) * dgLo) / 2;
      step /= fxHi - fxLo - (stepHi - stepLo) * dgLo;
      if (step <= Math.min(stepLo, stepHi) || step >= Math.max(stepLo, stepHi)) step = stepLo / 2 + stepHi / 2;
    }
    evaluate();
    if (trialLimitReached()) return;
    const dg = eigenDot(st.grad, drt, n);
    if (st.fx - fxInit > step * testDecr || st.fx >= fxLo) {
      if (step === stepHi) throw new SolverFailure("the line search routine failed, possibly due to insufficient numeric precision");
      stepHi = step;
      fxHi = st.fx;
    } else {
      if (Math.abs(dg) <= testCurv) return;
      if (dg * (stepHi - stepLo) >= 0) {
        stepHi = stepLo;
        fxHi = fxLo;
      }
      if (step === stepLo) throw new SolverFailure("the line search routine failed, possibly due to insufficient numeric precision");
      stepLo = step;
      fxLo = st.fx;
      dgLo = dg;
    }
  }
}

/**
 * RcppNumerical `optim_lbfgs(f, x, fx_opt, maxit, eps_f, eps_g)`; `x0` is not modified.
 *
 * @example
 * const r = optimLbfgsNumer((x, g) => { g[0] = 2 * (x[0] - 3); return (x[0] - 3) ** 2; }, [0]);
 * // r.x[0] ≈ 3, r.status === 0
 */
export function optimLbfgsNumer(f: NumerObjective, x0: ArrayLike<number>, options: Partial<NumerLbfgsOptions> = {}): NumerLbfgsResult {
  const { maxit = 300, epsF = 1e-6, epsG = 1e-5, version = "0.3" } = options;
  const n = x0.length;
  const m = 6;
  const st: State = { x: Float64Array.from(x0), grad: new Float64Array(n), fx: 0, evals: 0 };
  const xp = new Float64Array(n);
  const gradp = new Float64Array(n);
  const drt = new Float64Array(n);
  const bfgs = new BfgsMat(n, m);
  const result = (iterations: number): NumerLbfgsResult => ({ x: st.x, fx: st.fx, status: 0, iterations, evaluations: st.evals });
  const gradConverged = (): boolean => {
    const gnorm = eigenNorm(st.grad);
    return gnorm <= epsG || gnorm <= epsG * eigenNorm(st.x);
  };
  try {
    st.fx = f(st.x, st.grad);
    st.evals++;
    let fxPast = st.fx; // past = 1
    if (gradConverged()) return result(1);
    for (let i = 0; i < n; i++) drt[i] = -st.grad[i];
    let step = 1 / eigenNorm(drt);
    let k = 1;
    for (;;) {
      xp.set(st.x);
      gradp.set(st.grad);
      lineSearchNW(f, version, xp, drt, step, st);
      if (gradConverged()) return result(k);
      const fx = st.fx;
      if (Math.abs(fxPast - fx) <= epsF * Math.max(Math.abs(fx), Math.abs(fxPast), 1)) return result(k);
      fxPast = fx;
      if (maxit !== 0 && k >= maxit) return result(k);
      bfgs.addCorrection(st.x, xp, st.grad, gradp);
      bfgs.applyHv(st.grad, -1, drt);
      step = 1;
      k++;
    }
  } catch (e) {
    if (!(e instanceof SolverFailure)) throw e;
    return { x: st.x, fx: st.fx, status: -1, iterations: NaN, evaluations: st.evals, message: e.message };
  }
}
