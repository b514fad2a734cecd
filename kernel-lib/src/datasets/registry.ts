/**
 * The real data sets p53lab knows: where a local copy lives, where the public
 * source is (a pinned URL and SHA-256), how to cite them.
 */

/** One file of a data set. */
export interface DatasetFile {
  /** File name in the local folder and in the cache. */
  name: string;
  /** Public URL of the original file, pinned to a commit. */
  url?: string;
  /**
   * SHA-256 of the file as p53lab stores it: after `normalise` for downloaded files, and
   * the local copy is checked against it too.
   */
  sha256: string;
  /** Turns the original file's text into the stored form (renamed header columns). */
  normalise?: (text: string) => string;
}

/** A data set. */
export interface DatasetInfo {
  id: string;
  title: string;
  /** Sub-folder of the data folder (`P53LAB_DATA` or `../shared/data`) holding a local copy. */
  localDir: string;
  files: { counts: DatasetFile; samples: DatasetFile };
  /** Design formula and reference level, as used by the references. */
  design: string;
  reference: { variable: string; level: string };
  citation: string;
  /** Short source line for labels, e.g. "Andrysik et al. 2017, GEO GSE86222". */
  shortCitation: string;
  license: string;
  notes?: string;
}

const SRWORKSHOP = "https://raw.githubusercontent.com/Dowell-Lab/srworkshop/b94626f54bb957638dcf71a325e11da2ea21841c/projectB/day07/data";

/** Original header `GeneID  SRR4098430.sorted.bam ...` becomes `gene_id  SRR4098430 ...`. */
function normaliseCounts(text: string): string {
  const nl = text.indexOf("\n");
  const header = text.slice(0, nl).replace(/\r$/, "").split("\t");
  const fixed = header.map((h, i) => (i === 0 ? "gene_id" : h.replace(/\.sorted\.bam$/, "")));
  return fixed.join("\t") + text.slice(nl);
}

/** Original columns `bamfilename SRR celltype condition replicate` become `sample condition cell_line replicate`. */
function normaliseSamples(text: string): string {
  const lines = text.replace(/\r/g, "").trim().split("\n").map((l) => l.split("\t"));
  const h = lines[0];
  const col = (n: string) => {
    const i = h.indexOf(n);
    if (i < 0) throw new Error(`column ${n} missing`);
    return i;
  };
  const [srr, cond, cell, rep] = [col("SRR"), col("condition"), col("celltype"), col("replicate")];
  const out = [["sample", "condition", "cell_line", "replicate"], ...lines.slice(1).map((r) => [r[srr], r[cond], r[cell], r[rep]])];
  return out.map((r) => r.join("\t")).join("\n") + "\n";
}

/** The registry. */
export const DATASETS: Record<string, DatasetInfo> = {
  "andrysik2017-hct116": {
    id: "andrysik2017-hct116",
    title: "HCT116 (TP53 wild type), DMSO x2 vs Nutlin-3a x2, RNA-seq gene counts",
    localDir: "rnaseq/andrysik2017_hct116",
    files: {
      counts: {
        name: "counts.tsv",
        url: `${SRWORKSHOP}/Andrysik2017_counts.tsv`,
        sha256: "027af78392a3748ee14d8edece88f11c0b18d47df8a138ebb0067e8b2124c468",
        normalise: normaliseCounts,
      },
      samples: {
        name: "samples.tsv",
        url: `${SRWORKSHOP}/Andrysik2017_samples.tsv`,
        sha256: "2dc74516b4549ec009f346c2ced08729a86d6e156b40684f40c74fa23de5cf45",
        normalise: normaliseSamples,
      },
    },
    design: "~ condition",
    reference: { variable: "condition", level: "dmso" },
    citation:
      "Andrysik Z et al. (2017) Identification of a core TP53 transcriptional program with highly distributed tumor suppressive activity. " +
      "Genome Research 27:1645-1657. GEO GSE86222 (SRR4098430-33); counts from the Dowell-Lab/srworkshop teaching repository (GPL-3.0).",
    shortCitation: "Andrysik et al. 2017, GEO GSE86222",
    license: "GPL-3.0 (counts table); data from GEO GSE86222",
  },
  "andrysik2017-hct116-mcf7": {
    id: "andrysik2017-hct116-mcf7",
    title: "HCT116 and MCF7, DMSO x2 vs Nutlin-3a x2 each, RNA-seq gene counts (8 samples)",
    localDir: "rnaseq/andrysik2017_hct116_mcf7",
    files: {
      counts: { name: "counts.tsv", sha256: "" },
      samples: { name: "samples.tsv", sha256: "" },
    },
    design: "~ cell_line + condition",
    reference: { variable: "condition", level: "dmso" },
    citation:
      "Andrysik Z et al. (2017) Genome Research 27:1645-1657. GEO GSE86222 (SRR4098430-37). MCF7 sample SRR4098435 (dmso B) " +
      "is a known bad sample: it looks p53-activated.",
    shortCitation: "Andrysik et al. 2017, GEO GSE86222",
    license: "GPL-3.0 (counts table); data from GEO GSE86222",
    notes: "No pinned public download: use a local copy (P53LAB_DATA or ../shared/data).",
  },
};

/**
 * The ids of the known data sets.
 *
 * @example
 * datasetIds(); // ["andrysik2017-hct116", "andrysik2017-hct116-mcf7"]
 */
export function datasetIds(): string[] {
  return Object.keys(DATASETS);
}
