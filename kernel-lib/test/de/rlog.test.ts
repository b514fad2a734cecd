/**
 * rlog (blind) against R DESeq2 1.38.3 on the HCT116 counts (values printed by
 * rlog.reference.R). DESeq2 stops these fits at a loose tolerance (1e-4 on the deviance),
 * so agreement is to about 1e-6 rather than to rounding.
 */
import { describe, expect, it } from "vitest";
import { existsSync } from "fs";
import { join, resolve } from "path";
import { readCounts } from "../../src/io/counts";
import { rlog } from "../../src/de/rlog";

const FILE = join(process.env.P53LAB_DATA ?? resolve(__dirname, "../../../../shared/data"), "rnaseq", "andrysik2017_hct116", "counts.tsv");
const BETA_PRIOR_VAR = 0.1232866764488561;
const R: [string, number, number, number, number][] = [
  ["CDKN1A", 14.012911294240048, 14.034670841675377, 16.431171519033448, 16.478833378994462],
  ["MDM2", 12.998610795735987, 12.963860302758796, 15.108684019350189, 15.203552152432888],
  ["BBC3", 9.8073127477453852, 9.8934078380180548, 11.571531142234974, 11.516052488285688],
  ["GDF15", 12.300919829489025, 12.410069899750004, 14.761280896491659, 14.670313565805296],
  ["GAPDH", 17.95535011647824, 17.843837235483363, 18.011965326906406, 17.924980314499852],
  ["E2F2", 10.984927022148069, 11.159083315003379, 9.8338171868218929, 9.6952852075940044],
  ["PKP1", 1.9330749805281666, 1.9483637659486139, 2.0363327260601638, 1.9661010612514851],
  ["C1orf141", -0.7534841216169933, -0.78758187752582565, -0.78800660779924159, -0.78744611865950154],
  ["HSD11B1", -1.1479496187676395, -1.166906755945925, -1.1682131179080844, -1.1668094573501711],
  ["TP53", 11.903078392293134, 11.959724771600595, 11.98868088372325, 11.893033824531322],
];

describe.skipIf(!existsSync(FILE))("rlog against R (HCT116)", () => {
  it("prior variance and transformed values", () => {
    const counts = readCounts(FILE);
    const r = rlog(counts);
    expect(Math.abs(r.betaPriorVar / BETA_PRIOR_VAR - 1)).toBeLessThan(1e-12);
    for (const [gene, ...values] of R) {
      const g = counts.geneIndex(gene);
      values.forEach((v, j) => expect(Math.abs(r.values[g * counts.nSamples + j] / v - 1), `${gene} ${j}`).toBeLessThan(1e-5));
    }
    expect(r.toTable().names).toEqual(["gene_id", ...counts.samples]);
  });
});
