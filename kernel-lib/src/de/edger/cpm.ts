/**
 * Counts per million (edgeR 3.40 `cpm`): counts / effective library size x 1e6; on the log
 * scale with edgeR's prior count, scaled to each library (prior_j = prior x lib_j / mean lib)
 * and added twice to the library size, so that log2 CPM is finite and comparable. The
 * computation lives in `io/units` (expression units); edgeR's name is kept here.
 */
export { cpmValues as cpm } from "../../io/units";
export type { CpmOptions } from "../../io/units";
