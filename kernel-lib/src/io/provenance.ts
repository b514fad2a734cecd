/**
 * Provenance of input files: every file the io layer reads is recorded with its
 * SHA-256, so that a report can list exactly which data it was made from.
 *
 * When the environment variable `P53LAB_PROVENANCE` names a file, each record is
 * also appended to it as one JSON line; `p53lab report` sets it for the kernel.
 */
import { createHash } from "crypto";
import { appendFileSync } from "fs";
import { resolve } from "path";

/** One input file as read. */
export interface InputFileRecord {
  /** Absolute path of the file. */
  path: string;
  /** Hex SHA-256 of the file's bytes as stored (compressed bytes for .gz files). */
  sha256: string;
  /** Size in bytes. */
  bytes: number;
}

const seen = new Map<string, InputFileRecord>();

/**
 * Hex SHA-256 of a byte buffer.
 *
 * @example
 * sha256Hex(Buffer.from("abc"));
 * // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
 */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/**
 * Record that `path` was read with the given bytes. Called by the io readers.
 *
 * @example
 * recordInput("counts.tsv", buffer);
 * listInputs(); // [{ path: "/abs/counts.tsv", sha256: "…", bytes: 1234 }]
 */
export function recordInput(path: string, bytes: Uint8Array): InputFileRecord {
  const record: InputFileRecord = { path: resolve(path), sha256: sha256Hex(bytes), bytes: bytes.length };
  const key = `${record.path}\u0000${record.sha256}`;
  if (!seen.has(key)) {
    seen.set(key, record);
    const sink = process.env.P53LAB_PROVENANCE;
    if (sink) {
      try {
        appendFileSync(sink, JSON.stringify(record) + "\n");
      } catch {
        // Provenance is best effort: a read-only sink must not break an analysis.
      }
    }
  }
  return record;
}

/**
 * The input files read so far in this process, in the order first read.
 *
 * @example
 * listInputs().map((r) => r.path);
 */
export function listInputs(): InputFileRecord[] {
  return [...seen.values()];
}
