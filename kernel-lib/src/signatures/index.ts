/** signatures: gene sets, per-sample scores and enrichment tests. */
export * from "./geneSet";
export * from "./enrichment";
export * from "./io";
export * from "./builtin";
export * from "./identifiers";
export * from "./scores";
export * from "./singscore";
export * from "./compare";
export * from "./footprint";
