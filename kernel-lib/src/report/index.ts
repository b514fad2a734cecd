/** report: notebooks executed with the tslab kernel and written as self-contained HTML reports. */
export * from "./render";
export * from "./footer";
export * from "./offline";
export * from "./versions";
