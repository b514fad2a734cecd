/**
 * p53 signatures stated in papers, built in so that a notebook can score them without files.
 * Larger collections (MSigDB Hallmark P53, Fischer 2017's 343 targets, PROGENy's footprint) are
 * licensed or long and are read from the user's files with `readGeneSets`.
 */
import type { GeneSet } from "./geneSet";

/**
 * The 13-gene signature of sensitivity to MDM2 inhibition (NVP-CGM097 / nutlin-class
 * compounds), up in sensitive cell lines: Jeay S. et al. 2015, "A distinct p53 target gene set
 * predicts for response to the selective p53-HDM2 inhibitor NVP-CGM097", eLife 4:e06498,
 * Table 1 (HDM2 written as MDM2).
 *
 * @example
 * JEAY2015_P53_SIGNATURE.genes.length; // 13
 */
export const JEAY2015_P53_SIGNATURE: GeneSet = {
  name: "JEAY2015_ELIFE_13GENE_P53_SIGNATURE",
  description: "Jeay et al. 2015 eLife 4:e06498, Table 1: 13 p53 targets predicting MDM2-inhibitor sensitivity",
  genes: ["MDM2", "CDKN1A", "ZMAT3", "DDB2", "FDXR", "RPS27L", "BAX", "RRM2B", "SESN1", "CCNG1", "XPC", "TNFRSF10B", "AEN"],
  source: "Jeay et al. 2015, eLife 4:e06498",
};

/**
 * The canonical p53 targets the Milademetan guide names as induced after MDM2 inhibition:
 * CDKN1A (p21, arrest), BBC3 (PUMA, apoptosis), MDM2 (negative feedback) and GDF15.
 *
 * @example
 * P53_CANONICAL_TARGETS.genes; // ["CDKN1A", "BBC3", "MDM2", "GDF15"]
 */
export const P53_CANONICAL_TARGETS: GeneSet = {
  name: "P53_CANONICAL_TARGETS",
  description: "CDKN1A (p21), BBC3 (PUMA), MDM2, GDF15: p53 targets induced by MDM2 inhibitors",
  genes: ["CDKN1A", "BBC3", "MDM2", "GDF15"],
  source: "the Milademetan differential-expression guide (project source document)",
};

/**
 * The built-in sets.
 *
 * @example
 * builtinSignatures().map((s) => s.name);
 */
export function builtinSignatures(): GeneSet[] {
  return [JEAY2015_P53_SIGNATURE, P53_CANONICAL_TARGETS].map((s) => ({ ...s, genes: [...s.genes] }));
}
