#!/usr/bin/env node
/*
 * Build the p53lab JupyterLab extension in three steps:
 *   1. the standalone widget script (esbuild, one IIFE file) into kernel-lib/assets/, where the
 *      kernel library inlines it in the widget's text/html fallback (offline HTML reports);
 *   2. the TypeScript sources into lib/ (tsc);
 *   3. the prebuilt (federated) JupyterLab extension into dist/labextensions/p53lab-extension
 *      with @jupyterlab/builder's build-labextension and the project's core metadata (core/).
 * `--standalone-only` runs step 1 only.
 */
"use strict";
const { execFileSync } = require("child_process");
const path = require("path");
const fs = require("fs");

const here = path.resolve(__dirname, "..");
const bin = (name) => path.join(here, "..", "node_modules", ".bin", name);
const run = (cmd, args) => execFileSync(cmd, args, { cwd: here, stdio: "inherit" });

const out = path.join(here, "..", "kernel-lib", "assets", "signature-widget.js");
fs.mkdirSync(path.dirname(out), { recursive: true });
require("esbuild").buildSync({
  entryPoints: [path.join(here, "src", "standalone.ts")],
  bundle: true,
  minify: true,
  format: "iife",
  target: "es2019",
  legalComments: "none",
  outfile: out,
  banner: { js: "/* p53lab signature widget (standalone), MIT licence */" },
});
console.log(`standalone widget: ${path.relative(process.cwd(), out)} (${(fs.statSync(out).size / 1024).toFixed(1)} KiB)`);
if (process.argv.includes("--standalone-only")) process.exit(0);

run(bin("tsc"), ["-p", "tsconfig.json"]);
run(bin("build-labextension"), ["--core-path", path.join(here, "core"), "."]);
const pkg = JSON.parse(fs.readFileSync(path.join(here, "dist", "labextensions", "p53lab-extension", "package.json"), "utf8"));
console.log(`labextension: dist/labextensions/p53lab-extension (${pkg.jupyterlab._build.load})`);
