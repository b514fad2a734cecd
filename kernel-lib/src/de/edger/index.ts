/** edgeR-method building blocks: normalisation factors and expression filtering. */
export * from "./normFactors";
export * from "./filterByExpr";
export * from "./cpm";
