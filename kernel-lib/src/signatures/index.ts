/** signatures: gene sets, per-sample scores and enrichment tests. */
export * from "./geneSet";
