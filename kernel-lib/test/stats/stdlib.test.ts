// The @stdlib functions: their values against R 4.2 (in the comments), and the build's one-file
// bundle of them: loaded by the built library instead of the packages, with the same functions.
import { describe, expect, it } from "vitest";
import { spawnSync } from "child_process";
import { existsSync } from "fs";
import { join } from "path";
import * as S from "../../src/stats/stdlib";

const close = (a: number, b: number, rel: number) => expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.abs(b));

describe("stats/stdlib", () => {
  it("each function is @stdlib's, with @stdlib's defaults", () => {
    // R: pgamma(3.5, 2.5, lower.tail = FALSE); qgamma(0.3, 4.2); pbeta(0.3, 2.5, 7, lower.tail = FALSE)
    close(S.gammainc(3.5, 2.5, true, true), 0.2206403079367108, 1e-13);
    close(S.gammainc(3.5, 2.5), 1 - 0.2206403079367108, 1e-13);
    close(S.gammaincinv(0.3, 4.2), 2.9363562299367274, 1e-12);
    close(S.gammaincinv(0.7, 4.2, true), 2.9363562299367274, 1e-12);
    close(S.betainc(0.3, 2.5, 7, true, true), 0.35877753702827891, 1e-13);
    // R: lgamma(12.5); digamma(3.3); trigamma(0.7)
    close(S.stdlibGammaln(12.5), 18.734347511936448, 1e-14);
    close(S.stdlibDigamma(3.3), 1.034822489059622, 1e-14);
    close(S.stdlibTrigamma(0.7), 2.8340491566946104, 1e-14);
    // R: 2 * pnorm(-1.3); exp(1.7^2) * 2 * pnorm(-1.7 * sqrt(2))
    close(S.erfc(1.3 / Math.SQRT2), 0.19360096917122069, 1e-14);
    close(S.erfcx(1.7), 0.29166329707534322, 1e-14);
    // R: qt(0.99, 6.5); qf(0.9, 3, 11.5); qnorm(0.025, 2, 3)
    close(S.stdlibTQuantile(0.99, 6.5), 3.0633655106601112, 1e-12);
    close(S.stdlibFQuantile(0.9, 3, 11.5), 2.6315201318169548, 1e-12);
    close(S.stdlibNormalQuantile(0.025, 2, 3), -3.8798919536201613, 1e-14);
  });

  const dist = join(__dirname, "..", "..", "dist");
  it.skipIf(!existsSync(join(dist, "stats", "stdlib-bundle.js")))("the built library loads the one-file bundle, whose functions are the packages' to the bit", () => {
    const script = `
      const p53 = require(${JSON.stringify(join(dist, "index.js"))});
      const fromPackages = Object.keys(require.cache).filter((k) => k.includes("@stdlib")).length;
      const S = require(${JSON.stringify(join(dist, "stats", "stdlib.js"))});
      const { STDLIB_PACKAGES } = require(${JSON.stringify(join(dist, "stats", "stdlibPackages.js"))});
      const bundle = require(${JSON.stringify(join(dist, "stats", "stdlib-bundle.js"))});
      const same = [
        [bundle.gammainc(3.5, 2.5, true, true), require(STDLIB_PACKAGES.gammainc)(3.5, 2.5, true, true)],
        [bundle.betainc(0.3, 2.5, 7, true, true), require(STDLIB_PACKAGES.betainc)(0.3, 2.5, 7, true, true)],
        [bundle.trigamma(0.7), require(STDLIB_PACKAGES.trigamma)(0.7)],
        [bundle.fQuantile(0.9, 3, 11.5), require(STDLIB_PACKAGES.fQuantile)(0.9, 3, 11.5)],
        [bundle.mt19937.factory({ seed: 53 })(), require(STDLIB_PACKAGES.mt19937).factory({ seed: 53 })()],
      ].every(([a, b]) => Object.is(a, b));
      console.log(JSON.stringify({ source: S.stdlibSource, fromPackages, keys: Object.keys(bundle).sort().join() === Object.keys(STDLIB_PACKAGES).sort().join(), same, exported: typeof p53.runEdgerMethod }));`;
    const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toEqual({ source: "bundle", fromPackages: 0, keys: true, same: true, exported: "function" });
  });
});
