/**
 * The command line: clear messages and non-zero exits for bad input, never a stack trace;
 * notebook failures name the cell and the error.
 */
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync, existsSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { cli, ROOT } from "./helpers";

const STACK = /^\s+at .+\(.+:\d+:\d+\)$/m;

function notebook(cells: { type: "code" | "markdown"; source: string }[]): string {
  const nb = {
    nbformat: 4,
    nbformat_minor: 5,
    metadata: { kernelspec: { name: "tslab", display_name: "TypeScript", language: "typescript" } },
    cells: cells.map((c, i) =>
      c.type === "code"
        ? { cell_type: "code", id: `c${i}`, metadata: {}, source: c.source, outputs: [], execution_count: null }
        : { cell_type: "markdown", id: `c${i}`, metadata: {}, source: c.source },
    ),
  };
  const dir = mkdtempSync(join(tmpdir(), "p53lab-nb-"));
  const path = join(dir, "test.ipynb");
  writeFileSync(path, JSON.stringify(nb));
  return path;
}

describe("p53lab CLI", () => {
  it("prints its version", () => {
    const r = cli(["--version"]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(ROOT, "kernel-lib", "package.json"), "utf8")).version);
  });

  it("rejects an unknown command with usage and exit 2", () => {
    const r = cli(["frobnicate"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("unknown command 'frobnicate'");
    expect(r.stderr).not.toMatch(STACK);
  });

  it("report: a missing notebook is a one-line error", () => {
    const r = cli(["report", "nowhere/missing.ipynb"]);
    expect(r.status).toBe(1);
    expect(r.stderr.trim()).toBe("p53lab: nowhere/missing.ipynb: notebook not found");
  });

  it("report: a file that is not a notebook is named", () => {
    const dir = mkdtempSync(join(tmpdir(), "p53lab-bad-"));
    const path = join(dir, "broken.ipynb");
    writeFileSync(path, "{ this is not json");
    const r = cli(["report", path, "--out", dir]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${path}: not a readable notebook`);
    expect(r.stderr).not.toMatch(STACK);
    expect(existsSync(join(dir, "broken.html"))).toBe(false);
  });

  it("report: a failing cell fails the command, printing the cell and its error", () => {
    const path = notebook([
      { type: "markdown", source: "# A notebook that fails" },
      { type: "code", source: 'const induced = ["CDKN1A", "MDM2"];' },
      { type: "code", source: 'if (induced.length < 3) throw new Error("GDF15 was not induced");' },
      { type: "code", source: 'console.log("never reached");' },
    ]);
    const out = mkdtempSync(join(tmpdir(), "p53lab-out-"));
    const r = cli(["report", path, "--out", out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("cell 3 failed");
    expect(r.stderr).toContain('if (induced.length < 3) throw new Error("GDF15 was not induced");');
    expect(r.stderr).toContain("Error: GDF15 was not induced");
    expect(r.stderr).not.toMatch(/^\s+at\s/m);
    expect(existsSync(join(out, "test.html"))).toBe(false);
  });

  it("report: a type error in a cell names line and column", () => {
    const path = notebook([{ type: "code", source: 'const fold: number = "four";' }]);
    const r = cli(["report", path, "--out", mkdtempSync(join(tmpdir(), "p53lab-out-"))]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("cell 1 failed");
    expect(r.stderr).toMatch(/1:7 - Type 'string' is not assignable to type 'number'/);
  });

  it("simulate writes counts and samples that read back as a valid experiment", async () => {
    const out = mkdtempSync(join(tmpdir(), "p53lab-sim-"));
    const r = cli(["simulate", "--out", out, "--genes", "200", "--replicates", "2", "--doses", "0.1,1", "--times", "6,24", "--seed", "7"]);
    expect(r.status).toBe(0);
    const { readCounts } = await import("../kernel-lib/src/io/counts");
    const { readSamples } = await import("../kernel-lib/src/io/samples");
    const counts = readCounts(join(out, "counts.tsv"));
    const samples = readSamples(join(out, "samples.tsv")).alignTo(counts);
    expect(counts.nGenes).toBe(200);
    expect(counts.nSamples).toBe(3 * 2 * 2);
    expect(samples.levels("dose_uM")).toEqual(["0", "0.1", "1"]);
    expect(readFileSync(join(out, "README.txt"), "utf8")).toMatch(/^SIMULATED data/);
    // Same seed, same bytes.
    const again = mkdtempSync(join(tmpdir(), "p53lab-sim-"));
    cli(["simulate", "--out", again, "--genes", "200", "--replicates", "2", "--doses", "0.1,1", "--times", "6,24", "--seed", "7"]);
    expect(readFileSync(join(again, "counts.tsv"), "utf8")).toBe(readFileSync(join(out, "counts.tsv"), "utf8"));
  });

  it("simulate: bad options are named", () => {
    const out = mkdtempSync(join(tmpdir(), "p53lab-sim-"));
    const a = cli(["simulate", "--out", out, "--doses", "1,-2"]);
    expect(a.status).toBe(1);
    expect(a.stderr).toContain('--doses must be positive numbers separated by commas, got "1,-2"');
    const b = cli(["simulate", "--out", out, "--replicates", "2.5"]);
    expect(b.status).toBe(1);
    expect(b.stderr).toContain('--replicates must be a positive integer, got "2.5"');
    const c = cli(["simulate", "--out", out, "--genes", "10"]);
    expect(c.status).toBe(1);
    expect(c.stderr).toContain("nGenes must be at least");
    for (const x of [a, b, c]) expect(x.stderr).not.toMatch(STACK);
  });

  it("datasets list names every data set; fetch without a public source says how to get it", () => {
    const list = cli(["datasets", "list"]);
    expect(list.status).toBe(0);
    expect(list.stdout).toMatch(/^andrysik2017-hct116\t/m);
    expect(list.stdout).toMatch(/^andrysik2017-hct116-mcf7\t/m);
    const cache = mkdtempSync(join(tmpdir(), "p53lab-cache-"));
    const f = cli(["datasets", "fetch", "andrysik2017-hct116-mcf7", "--cache", cache]);
    expect(f.status).toBe(1);
    expect(f.stderr).toContain("has no pinned public download");
    expect(f.stderr).toContain("P53LAB_DATA");
    const u = cli(["datasets", "fetch", "no-such-set", "--cache", cache]);
    expect(u.status).toBe(1);
    expect(u.stderr).toContain('unknown data set "no-such-set"; known: andrysik2017-hct116, andrysik2017-hct116-mcf7');
  });
});
