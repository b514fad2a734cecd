/** de: differential expression (the DESeq2 method), from count matrices to results tables. */
export * from "./design";
export * from "./sizeFactors";
export * from "./nbinom";
export * from "./linearModel";
export * from "./dispersions";
export * from "./glm";
export * from "./cooks";
export * from "./independentFiltering";
export * from "./results";
export * from "./deseq";
export * from "./vst";
export * from "./lfcShrink";
export * from "./rlog";
export * from "./priorVariance";
export * from "./ashr";
export * from "./apeglm";
export * as edger from "./edger";
export * as limma from "./limma";
