/** edgeR-method building blocks: normalisation factors and expression filtering. */
export * from "./normFactors";
export * from "./filterByExpr";
export * from "./cpm";
export * from "./oneGroup";
export * from "./aveLogCpm";
export * from "./glm";
export * from "./apl";
export * from "./interpolant";
export * from "./classic";
export * from "./estimateDisp";
export * from "./exactTest";
export * from "./glmTests";
