/**
 * Worker threads: results are identical (to the bit) for any number of threads.
 * Needs the built library (worker threads load dist/de/worker.js).
 */
import { describe, expect, it } from "vitest";
import { existsSync } from "fs";
import { join } from "path";
import { simulateMdm2Experiment } from "../../src/datasets/simulate";

const DIST = join(__dirname, "..", "..", "dist", "de");

describe.skipIf(!existsSync(join(DIST, "worker.js")))("DESeq2 on worker threads", () => {
  it("gives bit-identical results with 1, 2 and 3 threads", async () => {
    // The built module, so that the workers run the same code as the caller.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { DESeqDataSet } = require(DIST) as typeof import("../../src/de");
    const sim = simulateMdm2Experiment({ nGenes: 3000, replicates: 3, seed: 11 });
    const run = async (threads: number) => {
      const dds = await new DESeqDataSet(sim.counts, sim.samples, { design: "~ condition", reference: { condition: "dmso" } }).runAsync({ threads });
      return dds.results({ contrast: ["condition", "milademetan", "dmso"] }).toTSV();
    };
    const one = await run(1);
    expect(await run(2)).toBe(one);
    expect(await run(3)).toBe(one);
    expect(one.split("\n").length).toBe(3002);
  });
});
