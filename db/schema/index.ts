export * from "./admin";
export * from "./indicators";
export * from "./infrastructure";
export * from "./records";
export * from "./reviews";
export * from "./ingest";
export * from "./audit";
export * from "./auth";
