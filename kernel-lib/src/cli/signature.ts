/**
 * `p53lab signature score` (per-sample scores of gene sets on an expression matrix) and
 * `p53lab signature enrich` (over-representation or preranked GSEA on a DE results table): thin
 * layers over `signatures`.
 */
import type { Command } from "commander";
import { writeFileSync } from "fs";
import { resolve } from "path";
import { InputError } from "../io/errors";
import { readExpressionMatrix } from "../io/expression";
import { cpm } from "../io/units";
import { vst } from "../de/vst";
import { readCountsOption, addCountsFormatOptions } from "./inputs";
import { readDelimited } from "../io/delimited";
import { readGeneSets, scoreSets, singscore, footprintScores } from "../signatures";
import * as enrichment from "../signatures/enrichment";

/** Add `signature` to the program. */
export function addSignatureCommand(p: Command, out: (s: string) => void): void {
  const sig = p.command("signature").description("gene-set scores per sample, and enrichment of DE results");
  const score = sig.command("score");
  score
    .description("score gene sets in each sample of a genes x samples matrix (e.g. a VST); writes set, sample, score")
    .option("--expr <file>", "genes x samples expression matrix, e.g. a VST (first column gene IDs)")
    .option("--counts <path>", "or counts in any format `p53lab de --counts` reads; transformed with --transform")
    .option("--transform <vst|logcpm>", "with --counts: DESeq2's blind VST or edgeR's log2 CPM", "vst")
    .requiredOption("--genesets <file>", "gene sets: GMT or a table (set, gene[, weight|direction])")
    .option("--method <name>", "zscore|meanz|gsva|ssgsea|singscore|plage|footprint (weighted sets)", "zscore")
    .requiredOption("--out <file>", "results TSV");
  addCountsFormatOptions(score, "with --counts: ");
  score
    .action((o: { expr?: string; counts?: string; transform: string; format: string; tx2gene?: string; countsFromAbundance: string; ignoreTxVersion?: boolean; strandedness: string; genesets: string; method: string; out: string }) => {
      const methods = ["zscore", "meanz", "gsva", "ssgsea", "singscore", "plage", "footprint"];
      if (!methods.includes(o.method)) throw new InputError(`--method must be one of ${methods.join(", ")}, got "${o.method}"`, "p53lab signature score");
      if (!o.expr === !o.counts) throw new InputError("give one of --expr (an expression matrix) or --counts (counts, transformed with --transform)", "p53lab signature score");
      if (o.transform !== "vst" && o.transform !== "logcpm") throw new InputError(`--transform must be vst or logcpm, got "${o.transform}"`, "p53lab signature score");
      let m: { genes: string[]; samples: string[]; values: Float64Array };
      if (o.expr) m = readExpressionMatrix(o.expr);
      else {
        const q = readCountsOption({ counts: o.counts!, format: o.format, tx2gene: o.tx2gene, countsFromAbundance: o.countsFromAbundance === "no" ? "lengthScaledTPM" : o.countsFromAbundance, ignoreTxVersion: o.ignoreTxVersion, strandedness: o.strandedness });
        m = o.transform === "vst" ? vst(q.counts) : cpm(q.counts, { log: true });
        process.stderr.write(`p53lab signature score: ${q.counts.nGenes} genes from ${q.format} counts, ${o.transform === "vst" ? "DESeq2 VST (blind)" : "log2 CPM (prior count 2)"}\n`);
      }
      const sets = readGeneSets(o.genesets);
      const table =
        o.method === "singscore"
          ? singscore(m.values, m.genes, m.samples, sets)
          : o.method === "footprint"
            ? footprintScores(m.values, m.genes, m.samples, sets).table
            : scoreSets(m.values, m.genes, m.samples, sets, { method: o.method as "zscore" }).table;
      writeFileSync(o.out, table.toTSV());
      process.stderr.write(`p53lab signature score: ${sets.length} set(s) x ${m.samples.length} sample(s) by ${o.method}; wrote ${o.out}\n`);
      out(`${resolve(o.out)}\n`);
    });
  sig
    .command("enrich")
    .description("enrichment of gene sets in DE results: ora (significant up- or down-regulated genes) or preranked gsea")
    .requiredOption("--results <file>", "DE results TSV (gene_id first; DESeq2, edgeR or limma columns)")
    .requiredOption("--genesets <file>", "gene sets: GMT or a table")
    .option("--method <name>", "ora|gsea", "gsea")
    .option("--rank-by <column>", "gsea: the statistic to rank by (default stat, t, F x sign(logFC) or LR x sign(logFC))")
    .option("--direction <up|down>", "ora: which significant genes", "up")
    .option("--alpha <number>", "ora: adjusted p-value cut-off", "0.05")
    .option("--lfc <number>", "ora: minimum |log2 fold change|", "1")
    .option("--permutations <n>", "gsea permutations", "10000")
    .option("--seed <n>", "gsea seed", "1")
    .requiredOption("--out <file>", "results TSV")
    .action((o: { results: string; genesets: string; method: string; rankBy?: string; direction: string; alpha: string; lfc: string; permutations: string; seed: string; out: string }) => {
      if (o.method !== "ora" && o.method !== "gsea") throw new InputError(`--method must be ora or gsea, got "${o.method}"`, "p53lab signature enrich");
      const t = readDelimited(o.results);
      const col = (names: string[]) => names.map((n) => t.header.indexOf(n)).find((i) => i >= 0) ?? -1;
      const genes = t.rows.map((r) => r[0]);
      const numberAt = (i: number, k: number) => (t.rows[k][i] === "NA" ? NaN : Number(t.rows[k][i]));
      const sets = readGeneSets(o.genesets);
      let table;
      if (o.method === "ora") {
        const padjCol = col(["padj", "FDR", "adj.P.Val"]);
        const lfcCol = col(["log2FoldChange", "logFC"]);
        if (padjCol < 0 || lfcCol < 0) throw new InputError("ora needs an adjusted p-value column (padj, FDR or adj.P.Val) and a log fold change column (log2FoldChange or logFC)", `${t.source} line 1`);
        const alpha = Number(o.alpha);
        const lfc = Number(o.lfc);
        if (!(alpha > 0 && alpha < 1)) throw new InputError(`--alpha must be between 0 and 1, got "${o.alpha}"`, "p53lab signature enrich");
        if (!(lfc >= 0)) throw new InputError(`--lfc must be a number >= 0, got "${o.lfc}"`, "p53lab signature enrich");
        if (o.direction !== "up" && o.direction !== "down") throw new InputError(`--direction must be up or down, got "${o.direction}"`, "p53lab signature enrich");
        const universe = genes.filter((_, k) => Number.isFinite(numberAt(padjCol, k)));
        const sign = o.direction === "up" ? 1 : -1;
        const selected = genes.filter((_, k) => numberAt(padjCol, k) < alpha && sign * numberAt(lfcCol, k) > lfc);
        table = enrichment.ora(selected, universe, sets);
      } else {
        let statCol = o.rankBy ? t.header.indexOf(o.rankBy) : col(["stat", "t"]);
        if (o.rankBy && statCol < 0) throw new InputError(`no column "${o.rankBy}" (columns: ${t.header.join(", ")})`, `${t.source} line 1`);
        let signed = false;
        if (statCol < 0) {
          statCol = col(["F", "LR"]);
          signed = statCol >= 0;
        }
        if (statCol < 0) throw new InputError("gsea needs a statistic column (stat, t, F or LR) or --rank-by", `${t.source} line 1`);
        const lfcCol = col(["log2FoldChange", "logFC"]);
        const keep: number[] = [];
        const stat: number[] = [];
        t.rows.forEach((_, k) => {
          let v = numberAt(statCol, k);
          if (signed) v = Math.sign(numberAt(lfcCol, k)) * v;
          if (Number.isFinite(v)) {
            keep.push(k);
            stat.push(v);
          }
        });
        const order = keep.map((_, i) => i).sort((a, b) => stat[b] - stat[a] || a - b);
        table = enrichment.gseaPreranked(order.map((i) => genes[keep[i]]), Float64Array.from(order, (i) => stat[i]), sets, { permutations: Number(o.permutations), seed: Number(o.seed) });
      }
      writeFileSync(o.out, table.toTSV());
      process.stderr.write(`p53lab signature enrich (${o.method}): ${sets.length} set(s); wrote ${o.out}\n`);
      out(`${resolve(o.out)}\n`);
    });
}
