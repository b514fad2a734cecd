/** display: MIME bundles for notebooks and reports (tables, plotly figures, markdown, progress). */
export * from "./kernel";
export * from "./html";
export * from "./format";
export * from "./table";
export * from "./plotly";
export * from "./markdown";
export * from "./progress";
export * from "./show";
export * from "./standalone";
export * from "./widget";
