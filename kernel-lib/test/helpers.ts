/** Shared helpers of the kernel-lib unit tests (not a test file itself). */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "fs";
import { afterAll, beforeAll } from "vitest";
import { tmpdir } from "os";
import { join, resolve } from "path";

/** Read-only shared data: P53LAB_DATA, or ../shared/data beside the repository. */
export const SHARED_DATA = process.env.P53LAB_DATA ?? resolve(__dirname, "../../../shared/data");
export const HCT116_DIR = join(SHARED_DATA, "rnaseq", "andrysik2017_hct116");
export const HCT116_COUNTS = join(HCT116_DIR, "counts.tsv");
export const HCT116_SAMPLES = join(HCT116_DIR, "samples.tsv");
/** True when the real HCT116 files are present (tests that need them skip otherwise). */
export const HAVE_HCT116 = existsSync(HCT116_COUNTS) && existsSync(HCT116_SAMPLES);
export const SKIP_HCT116 = `shared data not found at ${HCT116_DIR} (set P53LAB_DATA to the shared data folder)`;

/** A fresh temporary folder under os.tmpdir() and a function that removes it. */
export function tempDir(prefix = "p53lab-unit-"): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Run `f` and return the error it throws (fails the test when it throws nothing). */
export function thrown(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error("expected an error, none was thrown");
}

/**
 * A temporary folder for one test file (made before its tests, removed after) and a
 * writer: `write(name, content)` creates the file there and returns its path.
 */
export function useTempFiles(): { write: (name: string, content: string | Uint8Array) => string; dir: () => string } {
  let dir = "";
  let cleanup = () => {};
  beforeAll(() => ({ dir, cleanup } = tempDir()));
  afterAll(() => cleanup());
  return {
    write(name, content) {
      const p = join(dir, name);
      writeFileSync(p, content);
      return p;
    },
    dir: () => dir,
  };
}

/**
 * Agreement of our values with a reference: the fraction of comparable values within `rel`
 * (relative) or `abs` (absolute), values where only one side is NaN, and the worst relative
 * error. Pairs both below `floor` in magnitude are not compared.
 */
export function agreement(ours: ArrayLike<number>, ref: number[], rel: number, abs = 0, floor = 0) {
  let n = 0, ok = 0, naMismatch = 0, worst = 0;
  for (let i = 0; i < ref.length; i++) {
    const a = ours[i], b = ref[i];
    if (Number.isNaN(a) || Number.isNaN(b)) {
      if (Number.isNaN(a) !== Number.isNaN(b)) naMismatch++;
      continue;
    }
    if (Math.abs(b) < floor && Math.abs(a) < floor) continue;
    n++;
    const e = b === 0 ? Math.abs(a) : Math.abs(a / b - 1);
    if (e <= rel || Math.abs(a - b) <= abs) ok++;
    worst = Math.max(worst, Math.abs(a - b) <= abs ? 0 : e);
  }
  return { n, fraction: n ? ok / n : 1, naMismatch, worst };
}
