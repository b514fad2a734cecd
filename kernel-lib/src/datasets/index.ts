/** datasets: real data sets (local copy, cache, pinned download) and the simulated MDM2-inhibitor experiment. */
export * from "./registry";
export * from "./load";
export * from "./simulate";
