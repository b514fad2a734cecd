/**
 * Sample names from the paths aligners and quantifiers write: the file name without folders and
 * without the usual suffixes (`.bam`, `.sorted`, `Aligned.sortedByCoord.out`, `ReadsPerGene.out.tab`,
 * `.counts`, `.txt`, `.gz`, ...); a generic file name (quant.sf, abundance.tsv) gives its folder's name.
 */
import { basename, dirname } from "path";

const SUFFIXES = [
  /\.gz$/i,
  /\.(bam|sam|cram)$/i,
  /\.(tsv|txt|tab|csv)$/i,
  /[._]?ReadsPerGene\.out$/i,
  /[._]?Aligned\.(sortedByCoord|toTranscriptome)\.out$/i,
  /[._]?Aligned\.out$/i,
  /[._](sorted|sort|markdup|dedup|dedupped|filtered|primary|unique)$/i,
  /[._](htseq|counts?|featureCounts)$/i,
];
const GENERIC = /^(quant\.sf|quant\.genes\.sf|abundance\.(tsv|h5)|ReadsPerGene\.out\.tab|counts?\.(tsv|txt))(\.gz)?$/i;

/**
 * @example
 * sampleNameFromPath("/data/star/SRR4098426Aligned.sortedByCoord.out.bam"); // "SRR4098426"
 * sampleNameFromPath("salmon/dmso_1/quant.sf"); // "dmso_1"
 */
export function sampleNameFromPath(path: string): string {
  const file = basename(path);
  if (GENERIC.test(file)) return basename(dirname(path)) || file;
  let name = file;
  for (let pass = 0; pass < 3; pass++) {
    for (const re of SUFFIXES) name = name.replace(re, "");
  }
  return name || file;
}
