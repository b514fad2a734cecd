/** stats: numerical building blocks (random streams; distributions and linear algebra follow). */
export * from "./random";
