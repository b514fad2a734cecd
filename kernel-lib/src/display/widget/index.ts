/** The interactive gene-signature widget: data contract and builder. */
export * from "./contract";
export * from "./signatureWidget";
