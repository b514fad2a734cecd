/**
 * p53lab: a notebook toolkit for p53 reactivation studies (MDM2 inhibitors such as
 * Milademetan and Nutlin-3a): data sets, validated inputs, tables and interactive
 * plotly figures that display in tslab notebooks and in offline HTML reports.
 *
 * @example
 * import { defaultDataset, show, librarySizePlot } from "p53lab";
 * const ds = defaultDataset();
 * show(ds.samples);
 * show(librarySizePlot(ds.counts, { samples: ds.samples, colorBy: "condition" }));
 */
export * as io from "./io";
export * as stats from "./stats";
export * as datasets from "./datasets";
export * as plots from "./plots";
export * as display from "./display";
export * as report from "./report";
export * as de from "./de";
export * as qpcr from "./qpcr";
export * as signatures from "./signatures";

export { InputError, MissingResourceError } from "./io/errors";
export { Table } from "./io/table";
export { CountMatrix, readCounts } from "./io/counts";
export { SampleTable, readSamples } from "./io/samples";
export { CqTable, readCq, parseCq } from "./io/cq";
export { toDataFrame, fromDataFrame, countsFromDataFrame, samplesFromDataFrame } from "./io/dataframe";
export { loadDataset, loadDatasetSync, defaultDataset, fetchDataset } from "./datasets/load";
export type { Dataset } from "./datasets/load";
export { simulateMdm2Experiment } from "./datasets/simulate";
export { figure, librarySizePlot, upsetPlot, lfcScatter } from "./plots";
export type { PlotlyFigure } from "./plots";
export { show, md, progress, stageProgress, writeHtml, inKernel, signatureWidget } from "./display";
export { DESeqDataSet, deseq, deseqDataSet, DESeqResults, runEdgerMethod, runEdgerMethodAsync, compareMethods } from "./de";
export type { EdgerMethod, DeMethod, MethodComparison } from "./de";
export { p53labVersion as version } from "./report/versions";
