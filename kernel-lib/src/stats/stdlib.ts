/**
 * The @stdlib functions this library uses (special functions, quantiles, random samplers), in
 * one place. Each @stdlib package pulls in 130 to 500 module files of its own (assertions,
 * constants, typed-array checks): loading the fourteen took about 400 ms, paid at
 * `require("p53lab")` and again by each worker thread of a run. The build therefore bundles
 * them into one file (scripts/bundle-stdlib.js, with esbuild: the same code, 30-45 ms to
 * load); without the bundle (the sources run directly, as in the unit tests) the packages are
 * loaded one by one.
 */
import { existsSync } from "fs";
import { join } from "path";
import { STDLIB_PACKAGES, STDLIB_BUNDLE } from "./stdlibPackages";

/** Each function's type, from its package's own declarations. */
export interface StdlibFunctions {
  gammainc: typeof import("@stdlib/math-base-special-gammainc");
  gammaincinv: typeof import("@stdlib/math-base-special-gammaincinv");
  betainc: typeof import("@stdlib/math-base-special-betainc");
  gammaln: typeof import("@stdlib/math-base-special-gammaln");
  digamma: typeof import("@stdlib/math-base-special-digamma");
  trigamma: typeof import("@stdlib/math-base-special-trigamma");
  erfc: typeof import("@stdlib/math-base-special-erfc");
  erfcx: typeof import("@stdlib/math-base-special-erfcx");
  tQuantile: typeof import("@stdlib/stats-base-dists-t-quantile");
  fQuantile: typeof import("@stdlib/stats-base-dists-f-quantile");
  normalQuantile: typeof import("@stdlib/stats-base-dists-normal-quantile");
  mt19937: typeof import("@stdlib/random-base-mt19937");
  gammaSampler: typeof import("@stdlib/random-base-gamma");
  poissonSampler: typeof import("@stdlib/random-base-poisson");
}

const BUNDLE = join(__dirname, STDLIB_BUNDLE);

/** Where the functions were loaded from: "bundle" (the build's one file) or "packages". */
export const stdlibSource: "bundle" | "packages" = existsSync(BUNDLE) ? "bundle" : "packages";

function load(): StdlibFunctions {
  if (stdlibSource === "bundle") return require(BUNDLE) as StdlibFunctions;
  const out: Record<string, unknown> = {};
  for (const [name, pkg] of Object.entries(STDLIB_PACKAGES)) out[name] = require(pkg);
  return out as unknown as StdlibFunctions;
}

const S = load();

/**
 * The incomplete gamma function of x with shape s (@stdlib's gammainc): gammainc(x, s,
 * regularized = true, upper = false).
 *
 * @example
 * gammainc(2, 1, true, true); // 0.1353352832366127, exp(-2)
 */
export const gammainc: StdlibFunctions["gammainc"] = S.gammainc;

/**
 * The inverse of the regularized incomplete gamma function in x (@stdlib's gammaincinv):
 * gammaincinv(p, a, upper = false).
 *
 * @example
 * gammaincinv(0.5, 1); // 0.6931471805599453, log 2
 */
export const gammaincinv: StdlibFunctions["gammaincinv"] = S.gammaincinv;

/**
 * The incomplete beta function (@stdlib's betainc, a port of Boost's ibeta): betainc(x, a, b,
 * regularized = true, upper = false).
 *
 * @example
 * betainc(0.5, 2, 2); // 0.5
 */
export const betainc: StdlibFunctions["betainc"] = S.betainc;

/**
 * log |Gamma(x)| (@stdlib's gammaln).
 *
 * @example
 * stdlibGammaln(5); // 3.1780538303479458, log 24
 */
export const stdlibGammaln: StdlibFunctions["gammaln"] = S.gammaln;

/**
 * The digamma function (@stdlib's digamma).
 *
 * @example
 * stdlibDigamma(1); // -0.5772156649015329, minus Euler's constant
 */
export const stdlibDigamma: StdlibFunctions["digamma"] = S.digamma;

/**
 * The trigamma function (@stdlib's trigamma).
 *
 * @example
 * stdlibTrigamma(1); // 1.6449340668482264, pi^2 / 6
 */
export const stdlibTrigamma: StdlibFunctions["trigamma"] = S.trigamma;

/**
 * The complementary error function (@stdlib's erfc).
 *
 * @example
 * erfc(0); // 1
 */
export const erfc: StdlibFunctions["erfc"] = S.erfc;

/**
 * The scaled complementary error function exp(x^2) erfc(x) (@stdlib's erfcx).
 *
 * @example
 * erfcx(0); // 1
 */
export const erfcx: StdlibFunctions["erfcx"] = S.erfcx;

/**
 * Quantile of Student's t (@stdlib's): stdlibTQuantile(p, df).
 *
 * @example
 * stdlibTQuantile(0.975, 10); // 2.2281388519649385
 */
export const stdlibTQuantile: StdlibFunctions["tQuantile"] = S.tQuantile;

/**
 * Quantile of the F distribution (@stdlib's): stdlibFQuantile(p, d1, d2).
 *
 * @example
 * stdlibFQuantile(0.5, 2, 2); // 1
 */
export const stdlibFQuantile: StdlibFunctions["fQuantile"] = S.fQuantile;

/**
 * Quantile of the normal distribution (@stdlib's): stdlibNormalQuantile(p, mean, sd).
 *
 * @example
 * stdlibNormalQuantile(0.975, 0, 1); // 1.959963984540054
 */
export const stdlibNormalQuantile: StdlibFunctions["normalQuantile"] = S.normalQuantile;

/**
 * @stdlib's 32-bit Mersenne Twister (its `factory({ seed })` makes a seeded stream).
 *
 * @example
 * mt19937.factory({ seed: 53 }).normalized(); // the same number in [0, 1) on every run
 */
export const mt19937: StdlibFunctions["mt19937"] = S.mt19937;

/**
 * @stdlib's gamma sampler (its `factory({ prng })` draws from a given uniform stream).
 *
 * @example
 * gammaSampler.factory({ prng: Math.random })(2, 1); // a Gamma(2, rate 1) draw
 */
export const gammaSampler: StdlibFunctions["gammaSampler"] = S.gammaSampler;

/**
 * @stdlib's Poisson sampler (its `factory({ prng })` draws from a given uniform stream).
 *
 * @example
 * poissonSampler.factory({ prng: Math.random })(4); // a Poisson(4) draw
 */
export const poissonSampler: StdlibFunctions["poissonSampler"] = S.poissonSampler;
