/** plots: plotly figures built from p53lab's data and result objects. */
export * from "./figure";
export * from "./librarySizes";
export * from "./methodComparison";
export * from "./qpcr";
export * from "./diagrams";
