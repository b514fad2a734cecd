/** Upstream quantification outputs: featureCounts, HTSeq-count, STAR, salmon/kallisto (tximport), nf-core. */
export * from "./lines";
export * from "./sampleNames";
export * from "./featureCounts";
export * from "./htseq";
export * from "./star";
export * from "./transcripts";
export * from "./tximport";
export * from "./read";
