/** plots: plotly figures built from p53lab's data and result objects. */
export * from "./figure";
export * from "./librarySizes";
export * from "./methodComparison";
export * from "./qpcr";
export * from "./diagrams";
export * from "./deFigureParts";
export * from "./de";
export * from "./samples";
export * from "./deDiagnostics";
export * from "./signatureFigures";
export * from "./sampleQc";
