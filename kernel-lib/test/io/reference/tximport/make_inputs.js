#!/usr/bin/env node
/*
 * Writes the small, deterministic salmon and kallisto quantifications that make_reference.R runs
 * R's tximport on (p53lab's own synthetic files; Debian's r-bioc-tximportdata ships without its
 * example files). 4 samples, 60 genes, 1-4 transcripts each, versioned transcript IDs; includes a
 * gene with zero abundance everywhere, genes with zero abundance in some samples, and transcripts
 * missing from tx2gene.tsv.
 *   node make_inputs.js    (then: Rscript make_reference.R)
 */
"use strict";
const fs = require("fs");
const path = require("path");

let state = 20251126;
const rand = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296);
const here = __dirname;
const samples = ["dmso_1", "dmso_2", "nutlin_1", "nutlin_2"];
const tx = [];
for (let g = 1; g <= 60; g++) {
  const k = 1 + Math.floor(rand() * 4);
  for (let t = 1; t <= k; t++) tx.push({ id: `ENST${String(g * 10 + t).padStart(11, "0")}.${1 + (t % 3)}`, gene: `ENSG${String(g).padStart(11, "0")}`, len: 300 + Math.floor(rand() * 4000) });
}
// Transcripts of the last two genes are left out of tx2gene (tximport drops them).
const mapped = tx.filter((t) => !/ENSG0000000005[9]|ENSG00000000060/.test(t.gene));
fs.writeFileSync(path.join(here, "tx2gene.tsv"), "TXNAME\tGENEID\n" + mapped.map((t) => `${t.id.replace(/\.\d+$/, "")}\t${t.gene}`).join("\n") + "\n");

samples.forEach((s, j) => {
  const treated = s.startsWith("nutlin");
  const effLen = tx.map((t) => Math.max(1, t.len - 180 - 20 * j + rand() * 30));
  const counts = tx.map((t, i) => {
    const g = Number(t.gene.slice(4));
    if (g === 7) return 0; // zero everywhere
    if (g % 11 === 0 && j % 2 === 0) return 0; // zero in some samples
    if (i % 9 === 4) return 0; // some silent transcripts
    const base = Math.exp(2 + rand() * 7) * (treated && g % 5 === 0 ? 4 : 1);
    return Math.round(base * 1000) / 1000;
  });
  const rate = counts.map((c, i) => c / effLen[i]);
  const total = rate.reduce((a, b) => a + b, 0);
  const tpm = rate.map((r) => (r / total) * 1e6);
  const dir = path.join(here, "salmon", s);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, "quant.sf"),
    "Name\tLength\tEffectiveLength\tTPM\tNumReads\n" + tx.map((t, i) => `${t.id}\t${t.len}\t${effLen[i].toFixed(3)}\t${tpm[i].toFixed(6)}\t${counts[i].toFixed(3)}`).join("\n") + "\n",
  );
  const kdir = path.join(here, "kallisto", s);
  fs.mkdirSync(kdir, { recursive: true });
  fs.writeFileSync(
    path.join(kdir, "abundance.tsv"),
    "target_id\tlength\teff_length\test_counts\ttpm\n" + tx.map((t, i) => `${t.id}\t${t.len}\t${effLen[i].toFixed(5)}\t${counts[i]}\t${tpm[i].toPrecision(8)}`).join("\n") + "\n",
  );
});
console.log(`wrote ${tx.length} transcripts x ${samples.length} samples (salmon, kallisto) and tx2gene.tsv (${mapped.length} rows)`);
