/**
 * Reading and writing gene sets: GMT (one set per line: name, description, genes, tab-separated;
 * the MSigDB format) and long TSV/CSV tables (one gene per row with a set column, optionally a
 * weight and/or a direction up/down, or a single-set table of genes). Identifiers are trimmed;
 * Ensembl gene IDs lose their version suffix (ENSG00000124762.13 -> ENSG00000124762);
 * duplicates within a set are reported as errors naming the line.
 */
import { writeFileSync } from "fs";
import { InputError } from "../io/errors";
import { readDelimited, readInputBytes } from "../io/delimited";
import type { GeneSet } from "./geneSet";

/**
 * A gene identifier as stored: trimmed, Ensembl versions stripped.
 *
 * @example
 * normalizeGeneId(" ENSG00000141510.18 "); // "ENSG00000141510"
 */
export function normalizeGeneId(id: string): string {
  const t = id.trim();
  return /^ENS[A-Z]*G\d+\.\d+$/.test(t) ? t.replace(/\.\d+$/, "") : t;
}

function addGene(set: GeneSet, seen: Set<string>, gene: string, where: string, weight?: number): void {
  const g = normalizeGeneId(gene);
  if (g === "") return;
  if (seen.has(g)) throw new InputError(`gene "${g}" appears twice in set ${set.name}`, where);
  seen.add(g);
  set.genes.push(g);
  if (weight !== undefined) (set.weights ??= []).push(weight);
}

/**
 * Parse GMT text.
 *
 * @example
 * parseGmt("P53_UP\tmy set\tCDKN1A\tMDM2\n")[0].genes; // ["CDKN1A", "MDM2"]
 */
export function parseGmt(text: string, source = "GMT"): GeneSet[] {
  const sets: GeneSet[] = [];
  const names = new Map<string, number>();
  text.split(/\r\n|\r|\n/).forEach((line, i) => {
    if (line.trim() === "" || line.startsWith("#")) return;
    const where = `${source} line ${i + 1}`;
    const f = line.split("\t");
    if (f.length < 3) throw new InputError(`a GMT line needs a name, a description and at least one gene (tab-separated); found ${f.length} field(s)`, where);
    const name = f[0].trim();
    if (!name) throw new InputError("empty gene-set name", where);
    if (names.has(name)) throw new InputError(`set "${name}" is defined twice (lines ${names.get(name)} and ${i + 1})`, source);
    names.set(name, i + 1);
    const set: GeneSet = { name, description: f[1].trim() || undefined, genes: [], source };
    const seen = new Set<string>();
    for (const g of f.slice(2)) addGene(set, seen, g, where);
    if (set.genes.length === 0) throw new InputError(`set "${name}" has no genes`, where);
    sets.push(set);
  });
  if (sets.length === 0) throw new InputError("no gene sets found", source);
  return sets;
}

/**
 * Read gene sets from a file: GMT (.gmt) or a table (.tsv/.csv/.txt, optionally gzipped) with a
 * gene column (gene, gene_symbol, symbol, gene_id) and optionally set (set, gene_set, term),
 * weight, and direction (up/down, giving weights +1/-1). A table without a set column is one set
 * named after `name` or the file.
 *
 * @example
 * const sets = readGeneSets("../shared/data/genesets/msigdb_v7.0_p53_sets_CC-BY-4.0.gmt");
 */
export function readGeneSets(path: string, options: { name?: string } = {}): GeneSet[] {
  if (/\.gmt(\.gz)?$/i.test(path)) return parseGmt(Buffer.from(readInputBytes(path)).toString("utf8"), path);
  const t = readDelimited(path);
  const lower = t.header.map((h) => h.trim().toLowerCase());
  const find = (names: string[]) => names.map((n) => lower.indexOf(n)).find((i) => i >= 0) ?? -1;
  const gi = find(["gene", "gene_symbol", "symbol", "gene_id", "ensembl_gene_id", "genes"]);
  if (gi < 0) throw new InputError(`no gene column (gene, gene_symbol, symbol or gene_id); found: ${t.header.join(", ")}`, `${t.source} line 1`);
  const si = find(["set", "gene_set", "geneset", "term", "signature"]);
  const wi = find(["weight", "score"]);
  const di = find(["direction", "sign"]);
  const base = options.name ?? path.replace(/^.*[\\/]/, "").replace(/\.(tsv|csv|txt)(\.gz)?$/i, "");
  const sets = new Map<string, { set: GeneSet; seen: Set<string> }>();
  t.rows.forEach((r, k) => {
    const where = `${t.source} line ${t.lines[k]}`;
    const name = si >= 0 ? r[si].trim() : base;
    if (!name) throw new InputError("empty set name", where);
    let entry = sets.get(name);
    if (!entry) sets.set(name, (entry = { set: { name, genes: [], source: path }, seen: new Set() }));
    let weight: number | undefined;
    if (wi >= 0) {
      weight = Number(r[wi]);
      if (!Number.isFinite(weight)) throw new InputError(`weight is not a number ("${r[wi]}")`, where);
    }
    if (di >= 0) {
      const d = r[di].trim().toLowerCase();
      const sign = /^(up|\+|\+1|1|positive)/.test(d) ? 1 : /^(down|-|-1|negative)/.test(d) ? -1 : NaN;
      if (Number.isNaN(sign)) throw new InputError(`direction must be up or down, got "${r[di]}"`, where);
      weight = (weight === undefined ? 1 : Math.abs(weight)) * sign;
    }
    addGene(entry.set, entry.seen, r[gi], where, weight);
  });
  if (sets.size === 0) throw new InputError("no genes found", t.source);
  return [...sets.values()].map((e) => e.set);
}

/**
 * Write gene sets as GMT (weights are not part of GMT: use `writeGeneSetTable` to keep them).
 *
 * @example
 * writeGmt("p53.gmt", [P53_CANONICAL_TARGETS]);
 */
export function writeGmt(path: string, sets: GeneSet[]): void {
  writeFileSync(path, sets.map((s) => [s.name, s.description ?? s.source ?? "", ...s.genes].join("\t")).join("\n") + "\n");
}

/**
 * Write gene sets as a long table: set, gene and, when any set has them, weight.
 *
 * @example
 * writeGeneSetTable("signatures.tsv", sets);
 */
export function writeGeneSetTable(path: string, sets: GeneSet[]): void {
  const withW = sets.some((s) => s.weights);
  const lines = [withW ? "set\tgene\tweight" : "set\tgene"];
  for (const s of sets) s.genes.forEach((g, i) => lines.push(withW ? `${s.name}\t${g}\t${s.weights ? s.weights[i] : ""}` : `${s.name}\t${g}`));
  writeFileSync(path, lines.join("\n") + "\n");
}

