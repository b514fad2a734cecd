/**
 * Data-set loading: local copy, cache, and the explicit pinned download (served here from
 * a loopback HTTP server holding files in the upstream repository's format, rebuilt from
 * the local copy), with SHA-256 checks and clear errors.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "crypto";
import { createServer, Server } from "http";
import { AddressInfo } from "net";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "fs";
import { tmpdir } from "os";
import { join, resolve } from "path";
import { loadDataset, loadDatasetSync, fetchDataset, defaultDataset, dataFolders } from "../../src/datasets/load";
import { DATASETS } from "../../src/datasets/registry";
import { MissingResourceError } from "../../src/io/errors";

const SHARED = process.env.P53LAB_DATA ?? resolve(__dirname, "../../../../shared/data");
const LOCAL = join(SHARED, "rnaseq", "andrysik2017_hct116");
const HAVE = existsSync(join(LOCAL, "counts.tsv"));
const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");
const empty = () => mkdtempSync(join(tmpdir(), "p53lab-empty-"));
const noLocal = () => ({ dataDir: empty(), searchShared: false, cacheDir: empty() });

describe.skipIf(!HAVE)("with the local HCT116 copy (../shared/data)", () => {
  it("loads counts and samples aligned, from the local folder", async () => {
    const ds = await loadDataset("andrysik2017-hct116", { dataDir: SHARED, cacheDir: empty() });
    expect(ds.origin).toBe("local");
    expect(ds.folder).toBe(LOCAL);
    const lines = readFileSync(join(LOCAL, "counts.tsv"), "utf8").trim().split("\n");
    expect(ds.counts.nGenes).toBe(lines.length - 1);
    expect(ds.counts.samples).toEqual(lines[0].split("\t").slice(1));
    expect(ds.samples.samples).toEqual(ds.counts.samples);
    expect(ds.samples.levels("condition")).toEqual(["dmso", "nutlin"]);
    expect(ds.simulated).toBe(false);
    expect(ds.label).toContain("real data");
  });

  it("the pinned checksums are those of the local copy", () => {
    const d = DATASETS["andrysik2017-hct116"];
    expect(sha(readFileSync(join(LOCAL, "counts.tsv")))).toBe(d.files.counts.sha256);
    expect(sha(readFileSync(join(LOCAL, "samples.tsv")))).toBe(d.files.samples.sha256);
  });

  describe("download from the (mirrored) public source", () => {
    let server: Server;
    let base = "";
    let corrupt = false;
    let requests = 0;
    beforeAll(async () => {
      // Rebuild the upstream files: header GeneID + <run>.sorted.bam, and the workshop's sample sheet.
      const counts = readFileSync(join(LOCAL, "counts.tsv"), "utf8");
      const nl = counts.indexOf("\n");
      const header = counts.slice(0, nl).split("\t");
      const upstreamCounts = ["GeneID", ...header.slice(1).map((s) => `${s}.sorted.bam`)].join("\t") + counts.slice(nl);
      const rows = readFileSync(join(LOCAL, "samples.tsv"), "utf8").trim().split("\n").slice(1).map((l) => l.split("\t"));
      const upstreamSamples =
        "bamfilename\tSRR\tcelltype\tcondition\treplicate\n" +
        rows.map(([s, cond, cell, rep]) => `${s}.sorted.bam\t${s}\t${cell}\t${cond}\t${rep}`).join("\n") + "\n";
      server = createServer((req, res) => {
        requests++;
        const body = req.url === "/data/Andrysik2017_counts.tsv" ? upstreamCounts : req.url === "/data/Andrysik2017_samples.tsv" ? upstreamSamples : null;
        if (body === null) {
          res.writeHead(404, { connection: "close" }).end();
          return;
        }
        // connection: close, so that a request never reuses a socket the server is closing as idle
        // (under load, more than keepAliveTimeout may pass between two tests: "fetch failed").
        res.writeHead(200, { "content-type": "text/plain", connection: "close" }).end(corrupt ? body.replace("\t3\t", "\t4\t") : body);
      });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/data`;
    });
    afterAll(() => new Promise<void>((r) => server.close(() => r())));

    it("is never attempted unless asked for, and the error says how to get the data", async () => {
      requests = 0;
      const err = await loadDataset("andrysik2017-hct116", { ...noLocal(), mirror: base }).catch((e) => e);
      expect(err).toBeInstanceOf(MissingResourceError);
      expect(err.message).toContain("p53lab datasets fetch andrysik2017-hct116");
      expect(err.message).toContain("P53LAB_DATA");
      expect(requests).toBe(0);
    });

    it("downloads, normalises, verifies and caches; then loads from the cache without the network", async () => {
      corrupt = false;
      const opts = { ...noLocal(), mirror: base };
      const ds = await loadDataset("andrysik2017-hct116", { ...opts, download: true });
      expect(ds.origin).toBe("download");
      const cached = join(opts.cacheDir, "andrysik2017-hct116");
      expect(readFileSync(join(cached, "counts.tsv"))).toEqual(readFileSync(join(LOCAL, "counts.tsv")));
      expect(readFileSync(join(cached, "samples.tsv"))).toEqual(readFileSync(join(LOCAL, "samples.tsv")));
      requests = 0;
      const again = loadDatasetSync("andrysik2017-hct116", opts);
      expect(again.origin).toBe("cache");
      expect(again.counts.values).toEqual(ds.counts.values);
      expect(requests).toBe(0);
    });

    it("refuses a file whose checksum differs, and caches nothing", async () => {
      corrupt = true;
      const opts = { ...noLocal(), mirror: base };
      const err = await fetchDataset("andrysik2017-hct116", opts).catch((e) => e);
      expect(err).toBeInstanceOf(MissingResourceError);
      expect(err.message).toMatch(/has SHA-256 [0-9a-f]{64}, expected 027af783/);
      expect(existsSync(join(opts.cacheDir, "andrysik2017-hct116")) ? readdirSync(join(opts.cacheDir, "andrysik2017-hct116")) : []).toEqual([]);
    });

    it("reports an HTTP failure", async () => {
      const err = await fetchDataset("andrysik2017-hct116", { ...noLocal(), mirror: `${base}/nothing-here/x` }).catch((e) => e);
      expect(err).toBeInstanceOf(MissingResourceError);
      expect(err.message).toContain("HTTP 404");
    });
  });
});

describe("without any copy", () => {
  it("dataFolders honours dataDir first and searchShared: false", () => {
    const dir = empty();
    expect(dataFolders({ dataDir: dir, searchShared: false })[0]).toBe(dir);
    expect(dataFolders({ dataDir: dir, searchShared: false }).some((p) => p.endsWith(join("shared", "data")))).toBe(false);
  });

  it("defaultDataset falls back to the labelled simulation", () => {
    const ds = defaultDataset({ ...noLocal(), simulate: { nGenes: 300, replicates: 2 } });
    expect(ds.simulated).toBe(true);
    expect(ds.origin).toBe("simulated");
    expect(ds.label).toMatch(/^SIMULATED/);
    expect(ds.counts.source).toMatch(/^SIMULATED/);
    expect(ds.counts.nGenes).toBe(300);
  });

  it("the 8-sample set has no download and says so", async () => {
    const err = await loadDataset("andrysik2017-hct116-mcf7", { ...noLocal(), download: true }).catch((e) => e);
    expect(err).toBeInstanceOf(MissingResourceError);
    expect(err.message).toContain("No pinned public download");
  });

  it("an unknown id lists the known ones", async () => {
    await expect(loadDataset("gse00000")).rejects.toThrow('unknown data set "gse00000"; known: andrysik2017-hct116, andrysik2017-hct116-mcf7');
  });
});
