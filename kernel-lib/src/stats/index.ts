/** stats: numerical building blocks (random streams, special functions, distributions, linear algebra, smoothing). */
export * from "./random";
export * from "./special";
export * from "./distributions";
export * from "./linalg";
