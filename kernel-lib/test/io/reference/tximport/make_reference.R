# R's tximport 1.26 (and DESeq2 1.38's normalisation factors from tximport lengths) on p53lab's
# synthetic salmon and kallisto files, the reference for kernel-lib/test/io/tximport.test.ts.
# Run by hand after `node make_inputs.js` (Debian: apt-get install r-bioc-tximport r-bioc-deseq2):
#   cd kernel-lib/test/io/reference/tximport && Rscript make_reference.R
suppressPackageStartupMessages({ library(tximport); library(DESeq2) })
samples <- c("dmso_1", "dmso_2", "nutlin_1", "nutlin_2")
tx2gene <- read.delim("tx2gene.tsv")
out <- function(m, file) {
  df <- data.frame(id = rownames(m), format(m, digits = 17, scientific = FALSE, trim = TRUE), check.names = FALSE)
  write.table(df, gzfile(file), sep = "\t", quote = FALSE, row.names = FALSE)
}
for (type in c("salmon", "kallisto")) {
  files <- file.path(type, samples, if (type == "salmon") "quant.sf" else "abundance.tsv")
  names(files) <- samples
  for (cfa in c("no", "scaledTPM", "lengthScaledTPM")) {
    txi <- suppressMessages(tximport(files, type = type, tx2gene = tx2gene, ignoreTxVersion = TRUE, countsFromAbundance = cfa))
    for (what in c("abundance", "counts", "length")) out(txi[[what]], sprintf("%s_%s_%s.tsv.gz", type, cfa, what))
    if (cfa == "no") {
      dds <- suppressMessages(DESeqDataSetFromTximport(txi, data.frame(condition = factor(c("dmso", "dmso", "nutlin", "nutlin")), row.names = samples), ~condition))
      dds <- estimateSizeFactors(dds)
      out(normalizationFactors(dds), sprintf("%s_deseq2_normfactors.tsv.gz", type))
    }
  }
  txo <- suppressMessages(tximport(files, type = type, txOut = TRUE, countsFromAbundance = "lengthScaledTPM"))
  for (what in c("abundance", "counts", "length")) out(txo[[what]], sprintf("%s_txout_lengthScaledTPM_%s.tsv.gz", type, what))
}
writeLines(c(sprintf("tximport %s, DESeq2 %s, %s", packageVersion("tximport"), packageVersion("DESeq2"), R.version.string)), "VERSIONS.txt")
