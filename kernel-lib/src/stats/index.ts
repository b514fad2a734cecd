/** stats: numerical building blocks (random streams, special functions, distributions, linear algebra, smoothing). */
export * from "./random";
export * from "./special";
export * from "./rmath";
export * from "./distributions";
export * from "./linalg";
export * from "./lowess";
export * from "./padjust";
export * from "./rrandom";
export * from "./loess";
export * from "./splines";
export * from "./tdist";
export * from "./logtails";
export * from "./locfit";
export * from "./brent";
export * from "./zeroin";
export * from "./gaussQuad";
export * from "./select";
