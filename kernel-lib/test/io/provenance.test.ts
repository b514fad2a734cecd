import { describe, it, expect, beforeAll, afterAll, beforeEach, afterEach } from "vitest";
import { createHash, randomBytes } from "crypto";
import { existsSync, readFileSync, writeFileSync } from "fs";
import { join, resolve } from "path";
import { listInputs, recordInput, sha256Hex } from "../../src/io/provenance";
import { readDelimited } from "../../src/io/delimited";
import { tempDir } from "../helpers";

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir()));
afterAll(() => cleanup());

const saved = process.env.P53LAB_PROVENANCE;
let sink: string;
beforeEach(() => {
  sink = join(dir, `prov-${randomBytes(4).toString("hex")}.jsonl`);
  process.env.P53LAB_PROVENANCE = sink;
});
afterEach(() => {
  if (saved === undefined) delete process.env.P53LAB_PROVENANCE;
  else process.env.P53LAB_PROVENANCE = saved;
});

const readSink = () =>
  readFileSync(sink, "utf8")
    .split("\n")
    .filter((l) => l)
    .map((l) => JSON.parse(l));

describe("sha256Hex", () => {
  it("matches the FIPS 180-2 test vector for 'abc'", () => {
    expect(sha256Hex(Buffer.from("abc"))).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("matches the empty-string vector and node's own hash of random bytes", () => {
    expect(sha256Hex(new Uint8Array(0))).toBe("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const b = randomBytes(1000);
    expect(sha256Hex(b)).toBe(createHash("sha256").update(b).digest("hex"));
  });
});

describe("recordInput", () => {
  it("returns the absolute path, hash and size, and appends one JSON line per new input", () => {
    const a = Buffer.from(`first ${randomBytes(8).toString("hex")}`);
    const b = Buffer.from(`second ${randomBytes(8).toString("hex")}`);
    const r = recordInput("rel/a.tsv", a);
    expect(r).toEqual({ path: resolve("rel/a.tsv"), sha256: sha256Hex(a), bytes: a.length });
    recordInput("rel/b.tsv", b);
    const lines = readSink();
    expect(lines).toEqual([r, { path: resolve("rel/b.tsv"), sha256: sha256Hex(b), bytes: b.length }]);
  });

  it("the same path with the same bytes is recorded once; new bytes make a new record", () => {
    const p = join(dir, "same.tsv");
    const a = randomBytes(16);
    recordInput(p, a);
    recordInput(p, a);
    const b = randomBytes(16);
    recordInput(p, b);
    const lines = readSink();
    expect(lines.map((l) => l.sha256)).toEqual([sha256Hex(a), sha256Hex(b)]);
    const listed = listInputs().filter((x) => x.path === p);
    expect(listed.map((x) => x.sha256)).toEqual([sha256Hex(a), sha256Hex(b)]);
  });

  it("writes nothing when P53LAB_PROVENANCE is not set", () => {
    delete process.env.P53LAB_PROVENANCE;
    recordInput(join(dir, "quiet.tsv"), randomBytes(8));
    expect(existsSync(sink)).toBe(false);
  });

  it("an unwritable sink does not throw", () => {
    process.env.P53LAB_PROVENANCE = join(dir, "no-such-folder", "prov.jsonl");
    expect(() => recordInput(join(dir, "x.tsv"), randomBytes(8))).not.toThrow();
  });

  it("readDelimited records the file it reads with the hash of its bytes", () => {
    const p = join(dir, `read-${randomBytes(4).toString("hex")}.tsv`);
    const text = `gene\tS1\nTP53\t${randomBytes(2).readUInt16BE(0)}\n`;
    writeFileSync(p, text);
    readDelimited(p);
    expect(readSink()).toEqual([{ path: p, sha256: sha256Hex(Buffer.from(text)), bytes: Buffer.byteLength(text) }]);
    expect(listInputs().some((x) => x.path === p)).toBe(true);
  });
});
