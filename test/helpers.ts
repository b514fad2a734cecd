/** Shared helpers of the integration tests. */
import { spawnSync, SpawnSyncReturns } from "child_process";
import { existsSync } from "fs";
import { join, resolve } from "path";

export const ROOT = resolve(__dirname, "..");
export const CLI = join(ROOT, "kernel-lib", "bin", "p53lab.js");
/** ../shared/data beside the repository, or P53LAB_DATA. */
export const SHARED_DATA = process.env.P53LAB_DATA ?? resolve(ROOT, "..", "shared", "data");
export const HAVE_SHARED = existsSync(join(SHARED_DATA, "rnaseq", "andrysik2017_hct116", "counts.tsv"));
export const ARTIFACTS = join(ROOT, "test-artifacts");

/** Run the p53lab CLI (built) synchronously. */
export function cli(args: string[], env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [CLI, ...args], {
    encoding: "utf8",
    cwd: ROOT,
    env: { ...process.env, JUPYTER_PATH: ROOT, ...env },
    timeout: 600_000,
  });
}
