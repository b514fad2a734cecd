/**
 * Unconstrained L-BFGS minimisation following the algorithm of Yixuan Qiu's LBFGS++ library
 * (v0.3, MIT licence) as bundled in RcppNumerical and driven by its `optim_lbfgs()` wrapper —
 * the optimiser apeglm's C++ routine (`nbinomGLM`) uses for the MAP coefficients.
 *
 * Algorithm (Nocedal & Wright 2006, "Numerical Optimization", Alg. 7.4 two-loop recursion;
 * Liu & Nocedal 1989):
 * - start with direction -g and step 1/||g||; later iterations start each line search at 1;
 * - backtracking line search: shrink the step by 0.5 while the Armijo condition
 *   f(x + a d) <= f(x) + ftol a g'd fails (or f is NaN); with the (regular) Wolfe variant grow
 *   it by 2.1 while the curvature condition g(x + a d)'d >= wolfe g'd fails; the strong Wolfe
 *   variant also shrinks while g(x + a d)'d > -wolfe g'd;
 * - convergence when ||g|| <= max(epsilon, epsilon_rel ||x||), or, with `past` > 0, when
 *   |f_{k-past} - f_k| <= delta max(|f_k|, |f_{k-past}|, 1), or after `maxIterations`;
 * - the correction pair (s, y) is stored only when s'y > eps_machine y'y; at most `m` pairs.
 *
 * Options reproduce older LBFGS++ behaviour: `algorithm: "nocedal-wright"` (the
 * `LineSearchNocedalWright` template argument, Nocedal & Wright Algorithms 3.5/3.6) and
 * `legacy` (pre-0.2 stopping rules: ||g|| <= epsilon max(||x||, 1), |Δf / f| < delta, every
 * correction pair stored). RcppNumerical's optim_lbfgs as used by apeglm behaves as
 * `{ algorithm: "nocedal-wright", legacy: true }` (established against apeglm output).
 *
 * Failures (line search exhausting its trials, a step outside [minStep, maxStep], an uphill
 * direction) raise in LBFGS++; here they end the run with `status = -1` and the last trial
 * point, as RcppNumerical's wrapper does when it catches the exception.
 */

/** Line-search termination conditions of LBFGS++ (`LBFGS_LINESEARCH_BACKTRACKING_*`). */
export type LineSearchCondition = "armijo" | "wolfe" | "strong-wolfe";

/** Parameters of {@link lbfgsMinimize}; defaults are those of LBFGS++'s `LBFGSParam`. */
export interface LbfgsParam {
  /** Number of correction pairs kept. Default 6. */
  m: number;
  /** Absolute gradient-norm tolerance. Default 1e-5. */
  epsilon: number;
  /** Relative gradient-norm tolerance (times ||x||). Default 1e-5. */
  epsilonRel: number;
  /** Lag for the objective-decrease test; 0 disables it. Default 0. */
  past: number;
  /** Tolerance of the objective-decrease test. Default 0. */
  delta: number;
  /** Maximum iterations; 0 = unlimited. Default 0. */
  maxIterations: number;
  /** Line-search condition. Default "strong-wolfe". */
  linesearch: LineSearchCondition;
  /** Maximum trials per line search. Default 20. */
  maxLinesearch: number;
  minStep: number;
  maxStep: number;
  /** Armijo (sufficient decrease) constant. Default 1e-4. */
  ftol: number;
  /** Curvature constant. Default 0.9. */
  wolfe: number;
  /**
   * Use the stopping rules of LBFGS++ before v0.2 (2020–2021): ||g|| <= epsilon max(||x||, 1)
   * (no epsilon_rel), |(f_{k-past} - f_k) / f_k| < delta, and every (s, y) pair stored.
   * Default false.
   */
  legacy: boolean;
  /**
   * Line-search algorithm (the LBFGSSolver template argument): "backtracking"
   * (`LineSearchBacktracking`, default) or "nocedal-wright" (`LineSearchNocedalWright`,
   * bracketing + zoom for the strong Wolfe conditions, without LBFGS++'s check that
   * `linesearch` is strong Wolfe).
   */
  algorithm: "backtracking" | "nocedal-wright";
}

/** LBFGS++ default parameters. */
export function defaultLbfgsParam(): LbfgsParam {
  return {
    m: 6,
    epsilon: 1e-5,
    epsilonRel: 1e-5,
    past: 0,
    delta: 0,
    maxIterations: 0,
    linesearch: "strong-wolfe",
    maxLinesearch: 20,
    minStep: 1e-20,
    maxStep: 1e20,
    ftol: 1e-4,
    wolfe: 0.9,
    legacy: false,
    algorithm: "backtracking",
  };
}

/** Objective: returns f(x) and writes the gradient into `grad`. */
export type ObjectiveWithGradient = (x: Float64Array, grad: Float64Array) => number;

/** Outcome of {@link lbfgsMinimize}. */
export interface LbfgsResult {
  /** Final point (the last trial point when the run failed). */
  x: Float64Array;
  /** Objective at `x`. */
  fx: number;
  /** Gradient at `x`. */
  grad: Float64Array;
  /** Iterations used (LBFGS++ return value); NaN when the run failed. */
  iterations: number;
  /** 0 on normal termination, -1 when LBFGS++ would have thrown. */
  status: number;
  /** The exception message when status is -1. */
  message?: string;
}

class LbfgsFailure extends Error {}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function norm(a: Float64Array): number {
  return Math.sqrt(dot(a, a));
}

/** Limited-memory inverse-Hessian approximation (LBFGS++ `BFGSMat`, L-BFGS part). */
class BfgsMemory {
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

  addCorrection(s: Float64Array, y: Float64Array): void {
    const loc = this.ptr % this.m;
    this.s[loc].set(s);
    this.y[loc].set(y);
    const ys = dot(this.s[loc], this.y[loc]);
    this.ys[loc] = ys;
    this.theta = dot(this.y[loc], this.y[loc]) / ys;
    if (this.ncorr < this.m) this.ncorr++;
    this.ptr = loc + 1;
  }

  /** res = a * H * v by the two-loop recursion, H0 = I / theta. */
  applyHv(v: Float64Array, a: number, res: Float64Array): void {
    const { m, n } = this;
    for (let i = 0; i < n; i++) res[i] = a * v[i];
    let j = this.ptr % m;
    for (let i = 0; i < this.ncorr; i++) {
      j = (j + m - 1) % m;
      const al = dot(this.s[j], res) / this.ys[j];
      this.alpha[j] = al;
      const yj = this.y[j];
      for (let t = 0; t < n; t++) res[t] -= al * yj[t];
    }
    for (let t = 0; t < n; t++) res[t] /= this.theta;
    for (let i = 0; i < this.ncorr; i++) {
      const beta = dot(this.y[j], res) / this.ys[j];
      const c = this.alpha[j] - beta;
      const sj = this.s[j];
      for (let t = 0; t < n; t++) res[t] += c * sj[t];
      j = (j + 1) % m;
    }
  }
}

/**
 * LBFGS++ `LineSearchBacktracking`: moves x to xp + step * drt, updating fx and grad in place.
 * Returns the accepted step.
 */
function backtracking(
  f: ObjectiveWithGradient,
  param: LbfgsParam,
  xp: Float64Array,
  drt: Float64Array,
  step0: number,
  state: { fx: number; x: Float64Array; grad: Float64Array },
): number {
  const dec = 0.5;
  const inc = 2.1;
  let step = step0;
  if (step <= 0) throw new LbfgsFailure("'step' must be positive");
  const fxInit = state.fx;
  const dgInit = dot(state.grad, drt);
  if (dgInit > 0) throw new LbfgsFailure("the moving direction increases the objective function value");
  const testDecr = param.ftol * dgInit;
  const n = xp.length;
  let iter: number;
  for (iter = 0; iter < param.maxLinesearch; iter++) {
    for (let i = 0; i < n; i++) state.x[i] = xp[i] + step * drt[i];
    state.fx = f(state.x, state.grad);
    let width: number;
    if (state.fx > fxInit + step * testDecr || state.fx !== state.fx) {
      width = dec;
    } else {
      if (param.linesearch === "armijo") break;
      const dg = dot(state.grad, drt);
      if (dg < param.wolfe * dgInit) {
        width = inc;
      } else {
        if (param.linesearch === "wolfe") break;
        if (dg > -param.wolfe * dgInit) width = dec;
        else break;
      }
    }
    if (step < param.minStep) throw new LbfgsFailure("the line search step became smaller than the minimum value allowed");
    if (step > param.maxStep) throw new LbfgsFailure("the line search step became larger than the maximum value allowed");
    step *= width;
  }
  if (iter >= param.maxLinesearch) throw new LbfgsFailure("the line search routine reached the maximum number of iterations");
  return step;
}

/**
 * LBFGS++ `LineSearchNocedalWright` (Nocedal & Wright 2006, Algorithms 3.5 and 3.6: expand the
 * step by 2 until the strong Wolfe conditions hold or a bracket is found, then zoom with a
 * quadratic interpolation of f(lo), f(hi), f'(lo), bisecting when it falls outside).
 */
function nocedalWright(
  f: ObjectiveWithGradient,
  param: LbfgsParam,
  xp: Float64Array,
  drt: Float64Array,
  step0: number,
  state: { fx: number; x: Float64Array; grad: Float64Array },
): number {
  let step = step0;
  if (step <= 0) throw new LbfgsFailure("'step' must be positive");
  const expansion = 2;
  const n = xp.length;
  const fxInit = state.fx;
  const dgInit = dot(state.grad, drt);
  if (dgInit > 0) throw new LbfgsFailure("the moving direction increases the objective function value");
  const testDecr = param.ftol * dgInit;
  const testCurv = -param.wolfe * dgInit;
  let stepHi = 0;
  let stepLo = 0;
  let fxHi = 0;
  let fxLo = fxInit;
  let dgLo = dgInit;
  let iter = 0;
  const evaluate = () => {
    for (let i = 0; i < n; i++) state.x[i] = xp[i] + step * drt[i];
    state.fx = f(state.x, state.grad);
  };
  for (;;) {
    evaluate();
    if (iter++ >= param.maxLinesearch) return step;
    const dg = dot(state.grad, drt);
    if (state.fx - fxInit > step * testDecr || (0 < stepLo && state.fx >= fxLo)) {
      stepHi = step;
      fxHi = state.fx;
      break;
    }
    if (Math.abs(dg) <= testCurv) return step;
    stepHi = stepLo;
    fxHi = fxLo;
    stepLo = step;
    fxLo = state.fx;
    dgLo = dg;
    if (dg >= 0) break;
    step *= expansion;
  }
  for (;;) {
    step = (fxHi - fxLo) * stepLo - ((stepHi * stepHi - stepLo * stepLo) * dgLo) / 2;
    step /= fxHi - fxLo - (stepHi - stepLo) * dgLo;
    if (step <= Math.min(stepLo, stepHi) || step >= Math.max(stepLo, stepHi)) step = stepLo / 2 + stepHi / 2;
    evaluate();
    if (iter++ >= param.maxLinesearch) return step;
    const dg = dot(state.grad, drt);
    if (state.fx - fxInit > step * testDecr || state.fx >= fxLo) {
      if (step === stepHi) throw new LbfgsFailure("the line search routine failed, possibly due to insufficient numeric precision");
      stepHi = step;
      fxHi = state.fx;
    } else {
      if (Math.abs(dg) <= testCurv) return step;
      if (dg * (stepHi - stepLo) >= 0) {
        stepHi = stepLo;
        fxHi = fxLo;
      }
      if (step === stepLo) throw new LbfgsFailure("the line search routine failed, possibly due to insufficient numeric precision");
      stepLo = step;
      fxLo = state.fx;
      dgLo = dg;
    }
  }
}

/**
 * Minimise `f` from `x0` with L-BFGS (LBFGS++ `LBFGSSolver::minimize` with the backtracking
 * line search). `x0` is not modified.
 *
 * @example
 * const r = lbfgsMinimize((x, g) => { g[0] = 2 * (x[0] - 3); return (x[0] - 3) ** 2; }, [0]);
 * // r.x[0] ≈ 3
 */
export function lbfgsMinimize(f: ObjectiveWithGradient, x0: ArrayLike<number>, param: Partial<LbfgsParam> = {}): LbfgsResult {
  const p: LbfgsParam = { ...defaultLbfgsParam(), ...param };
  if (p.m <= 0 || p.epsilon < 0 || p.epsilonRel < 0 || p.past < 0 || p.delta < 0 || p.maxIterations < 0 || p.maxLinesearch <= 0) {
    throw new RangeError("invalid L-BFGS parameter");
  }
  if (p.ftol <= 0 || p.ftol >= 0.5 || p.wolfe <= p.ftol || p.wolfe >= 1) throw new RangeError("invalid line-search constants");
  const n = x0.length;
  const state = { x: Float64Array.from(x0), grad: new Float64Array(n), fx: 0 };
  const xp = new Float64Array(n);
  const gradp = new Float64Array(n);
  const drt = new Float64Array(n);
  const vecs = new Float64Array(n);
  const vecy = new Float64Array(n);
  const bfgs = new BfgsMemory(n, p.m);
  const fpast = p.past;
  const fxHist = new Float64Array(Math.max(fpast, 1));
  const done = (iterations: number): LbfgsResult => ({ x: state.x, fx: state.fx, grad: state.grad, iterations, status: 0 });
  try {
    state.fx = f(state.x, state.grad);
    let gnorm = norm(state.grad);
    if (fpast > 0) fxHist[0] = state.fx;
    const gradConverged = (gn: number) =>
      p.legacy ? gn <= p.epsilon * Math.max(norm(state.x), 1) : gn <= p.epsilon || gn <= p.epsilonRel * norm(state.x);
    if (gradConverged(gnorm)) return done(1);
    for (let i = 0; i < n; i++) drt[i] = -state.grad[i];
    let step = 1 / norm(drt);
    let k = 1;
    for (;;) {
      xp.set(state.x);
      gradp.set(state.grad);
      (p.algorithm === "nocedal-wright" ? nocedalWright : backtracking)(f, p, xp, drt, step, state);
      gnorm = norm(state.grad);
      if (gradConverged(gnorm)) return done(k);
      if (fpast > 0) {
        const fxd = fxHist[k % fpast];
        const fx = state.fx;
        const small = p.legacy ? Math.abs((fxd - fx) / fx) < p.delta : Math.abs(fxd - fx) <= p.delta * Math.max(Math.abs(fx), Math.abs(fxd), 1);
        if (k >= fpast && small) return done(k);
        fxHist[k % fpast] = fx;
      }
      if (p.maxIterations !== 0 && k >= p.maxIterations) return done(k);
      for (let i = 0; i < n; i++) {
        vecs[i] = state.x[i] - xp[i];
        vecy[i] = state.grad[i] - gradp[i];
      }
      if (p.legacy || dot(vecs, vecy) > Number.EPSILON * dot(vecy, vecy)) bfgs.addCorrection(vecs, vecy);
      bfgs.applyHv(state.grad, -1, drt);
      step = 1;
      k++;
    }
  } catch (e) {
    if (!(e instanceof LbfgsFailure)) throw e;
    return { x: state.x, fx: state.fx, grad: state.grad, iterations: NaN, status: -1, message: e.message };
  }
}

/**
 * RcppNumerical's `optim_lbfgs(f, x, fx_opt, maxit, eps_f, eps_g)`: L-BFGS with
 * epsilon = eps_g, past = 1, delta = eps_f, max_linesearch = 100 and the (regular Wolfe)
 * backtracking line search; status 0, or -1 when the solver failed.
 *
 * @example
 * const r = optimLbfgs(fn, [0.1, -0.1], 300, 1e-8, 1e-8); // as apeglm's nbinomGLM
 */
export function optimLbfgs(f: ObjectiveWithGradient, x0: ArrayLike<number>, maxit = 300, epsF = 1e-6, epsG = 1e-5): LbfgsResult {
  return lbfgsMinimize(f, x0, {
    epsilon: epsG,
    past: 1,
    delta: epsF,
    maxIterations: maxit,
    maxLinesearch: 100,
    linesearch: "wolfe",
  });
}
