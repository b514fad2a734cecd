/** qpcr: relative quantification of qRT-PCR data (delta-delta-Ct, Pfaffl, qbase NRQ). */
export * from "./deltaCt";
export * from "./referenceStability";
export * from "./standardCurve";
export * from "./testDeltaCt";
export * from "./doseResponse";
export * from "./replicates";
export * from "./normFinder";
export * from "./rest";
export * from "./linearModel";
export * from "./bySample";
export * from "./copies";
export * from "./analyze";
