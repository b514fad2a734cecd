/** io: reading and validating inputs (count matrices, sample tables, delimited files) and result tables. */
export * from "./errors";
export * from "./provenance";
export * from "./delimited";
export * from "./table";
export * from "./counts";
export * from "./samples";
export * from "./dataframe";
export * from "./cq";
export * from "./instruments";
export * from "./expression";
export * from "./units";
export * from "./quant";
export * from "./sampleQc";
