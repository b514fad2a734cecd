/**
 * Gene identifiers: mapping gene-set members (aliases, previous symbols, Ensembl IDs) to the
 * identifiers of a data set through a mapping table the user gives (two columns: from, to; for
 * example an alias-to-symbol table exported from org.Hs.eg.db). Unmapped genes are reported per
 * set, never silently dropped.
 */
import { InputError } from "../io/errors";
import { readDelimited } from "../io/delimited";
import type { GeneSet } from "./geneSet";
import { normalizeGeneId } from "./io";

/**
 * Read a two-column mapping (from, to), e.g. alias -> current symbol or Ensembl -> symbol. An
 * identifier mapped to two different targets is an error naming both lines.
 *
 * @example
 * const aliases = readIdMapping("alias_to_symbol.tsv");
 */
export function readIdMapping(path: string): Map<string, string> {
  const t = readDelimited(path);
  if (t.header.length < 2) throw new InputError("a mapping needs two columns (from, to)", `${t.source} line 1`);
  const map = new Map<string, string>();
  const line = new Map<string, number>();
  t.rows.forEach((r, k) => {
    const from = normalizeGeneId(r[0]);
    const to = normalizeGeneId(r[1]);
    if (!from || !to) return;
    const prev = map.get(from);
    if (prev !== undefined && prev !== to) throw new InputError(`"${from}" maps to both "${prev}" (line ${line.get(from)}) and "${to}" (line ${t.lines[k]})`, t.source);
    map.set(from, to);
    line.set(from, t.lines[k]);
  });
  return map;
}

/** Per set: the genes kept as they were, renamed, or not found. */
export interface MappingReport {
  set: string;
  kept: number;
  renamed: { from: string; to: string }[];
  unmapped: string[];
}

/**
 * Map each set's genes into `universe` (the data's identifiers): a gene already in the universe
 * is kept; otherwise its mapping is used when that target is in the universe; otherwise it is
 * reported as unmapped. Weights follow their genes; two members mapping to the same gene keep
 * the first.
 *
 * @example
 * const { sets, report } = mapGeneSets(readGeneSets("sets.gmt"), counts.genes, aliases);
 */
export function mapGeneSets(sets: GeneSet[], universe: string[], mapping: Map<string, string> = new Map()): { sets: GeneSet[]; report: MappingReport[] } {
  const known = new Set(universe);
  const report: MappingReport[] = [];
  const out = sets.map((s) => {
    const genes: string[] = [];
    const weights: number[] = [];
    const seen = new Set<string>();
    const r: MappingReport = { set: s.name, kept: 0, renamed: [], unmapped: [] };
    s.genes.forEach((g, i) => {
      let target: string | undefined;
      if (known.has(g)) {
        target = g;
        r.kept++;
      } else {
        const m = mapping.get(g);
        if (m !== undefined && known.has(m)) {
          target = m;
          r.renamed.push({ from: g, to: m });
        } else r.unmapped.push(g);
      }
      if (target !== undefined && !seen.has(target)) {
        seen.add(target);
        genes.push(target);
        if (s.weights) weights.push(s.weights[i]);
      }
    });
    report.push(r);
    return { ...s, genes, weights: s.weights ? weights : undefined };
  });
  return { sets: out, report };
}
