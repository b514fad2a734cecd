/** limma building blocks: voom, gene-wise linear models, empirical Bayes moderation, tables. */
export * from "./squeezeVar";
export * from "./lmFit";
export * from "./eBayes";
export * from "./treat";
export * from "./contrastsFit";
export * from "./topTable";
export * from "./voom";
