/** Versions stated in reports and by `p53lab --version`. */
import { readFileSync } from "fs";
import { join } from "path";

function versionOf(packageJson: string): string {
  try {
    return (JSON.parse(readFileSync(packageJson, "utf8")) as { version: string }).version;
  } catch {
    return "unknown";
  }
}

/** p53lab's version. */
export function p53labVersion(): string {
  return versionOf(join(__dirname, "..", "..", "package.json"));
}

/** The installed tslab's version ("not installed" when absent). */
export function tslabVersion(): string {
  try {
    return versionOf(require.resolve("tslab/package.json"));
  } catch {
    return "not installed";
  }
}
