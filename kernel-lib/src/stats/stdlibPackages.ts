/**
 * The @stdlib packages this library uses, by the name {@link ./stdlib} gives each: the one list
 * from which both the build's one-file bundle (scripts/bundle-stdlib.js) and the fallback that
 * loads the packages themselves are made.
 */
export const STDLIB_PACKAGES = {
  gammainc: "@stdlib/math-base-special-gammainc",
  gammaincinv: "@stdlib/math-base-special-gammaincinv",
  betainc: "@stdlib/math-base-special-betainc",
  gammaln: "@stdlib/math-base-special-gammaln",
  digamma: "@stdlib/math-base-special-digamma",
  trigamma: "@stdlib/math-base-special-trigamma",
  erfc: "@stdlib/math-base-special-erfc",
  erfcx: "@stdlib/math-base-special-erfcx",
  tQuantile: "@stdlib/stats-base-dists-t-quantile",
  fQuantile: "@stdlib/stats-base-dists-f-quantile",
  normalQuantile: "@stdlib/stats-base-dists-normal-quantile",
  mt19937: "@stdlib/random-base-mt19937",
  gammaSampler: "@stdlib/random-base-gamma",
  poissonSampler: "@stdlib/random-base-poisson",
} as const;

/** File name of the bundle the build writes next to the compiled stdlib.js. */
export const STDLIB_BUNDLE = "stdlib-bundle.js";
