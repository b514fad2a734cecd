/**
 * Shared pieces of the benchmark scripts: command-line options, the R check, running one
 * program in its own process and reading the JSON line it prints last, and simulating the
 * data set written to a temporary folder.
 */
"use strict";
const { spawnSync } = require("child_process");
const { availableParallelism } = require("os");
const { resolve } = require("path");

const args = process.argv.slice(2);
/** Value of --name, or the default. */
const opt = (name, def) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : def;
};

/** The options both benchmarks take. */
function benchOptions() {
  return {
    genes: Number(opt("genes", "60000")),
    sampleCounts: opt("samples", "8,24").split(",").map(Number),
    threads: Number(opt("threads", String(availableParallelism()))),
    useR: !args.includes("--no-r"),
    lib: resolve(__dirname, "..", "kernel-lib"),
  };
}

/** True when Rscript runs and loads the given packages. */
function haveR(useR, packages) {
  if (!useR) return false;
  const load = packages.map((p) => `library(${p})`).join("; ");
  return spawnSync("Rscript", ["-e", `suppressMessages({${load}})`], { encoding: "utf8" }).status === 0;
}

/** Run a program; its last stdout line is JSON ({ seconds, peakMB }). Adds the wall time. */
function run(cmd, argv) {
  const t0 = Date.now();
  const r = spawnSync(cmd, argv, { encoding: "utf8", maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`${cmd} failed:\n${r.stderr}`);
  return { ...JSON.parse(r.stdout.trim().split("\n").pop()), wall: (Date.now() - t0) / 1000 };
}

module.exports = { opt, benchOptions, haveR, run };
