import { describe, expect, it } from "vitest";
import { Table } from "../../src/io/table";
import { SampleTable } from "../../src/io/samples";
import { scoreSets } from "../../src/signatures/scores";
import {
  signatureWidget,
  validateSignaturePayload,
  SIGNATURE_WIDGET_MIME,
  WidgetPayloadError,
  type SignatureWidgetPayload,
} from "../../src/display/widget";

const deseq = Table.fromColumns({
  gene_id: ["ENSG1", "ENSG2", "ENSG3", "ENSG4"],
  baseMean: Float64Array.of(100, 3, 0, 50),
  log2FoldChange: Float64Array.of(2.5, -0.1, NaN, 1.2),
  lfcSE: Float64Array.of(0.2, 0.5, NaN, 0.3),
  stat: Float64Array.of(12.5, -0.2, NaN, 4),
  pvalue: Float64Array.of(1e-30, 0.8, NaN, 6.3e-5),
  padj: Float64Array.of(4e-30, NaN, NaN, 1.2e-4),
});
const edger = Table.fromColumns({
  gene_id: ["ENSG4", "ENSG1", "ENSG5"],
  logFC: Float64Array.of(0.9, 2.1, -1.5),
  logCPM: Float64Array.of(5, 7, 4),
  F: Float64Array.of(10, 50, 8),
  PValue: Float64Array.of(0.002, 1e-10, 0.004),
  FDR: Float64Array.of(0.003, 3e-10, 0.004),
});
const labels = { ENSG1: "CDKN1A", ENSG2: "GAPDH", ENSG3: "ACTB", ENSG4: "MDM2", ENSG5: "BBC3" };
const sig = { name: "p53 targets", genes: ["CDKN1A", "MDM2", "BBC3", "GDF15"], source: "test" };
const samples = new SampleTable(["d1", "d2", "n1", "n2"], { condition: ["dmso", "dmso", "nutlin", "nutlin"], dose: ["0", "0", "10", "10"] });
const expr = {
  genes: ["ENSG1", "ENSG2", "ENSG3", "ENSG4", "ENSG5"],
  samples: ["n1", "d1", "n2", "d2"],
  values: Float64Array.of(9, 5, 9.5, 5.2, 10, 10.1, 9.9, 10, 12, 12, 12, 12, 7, 6, 7.4, 6.1, 3, 2, 3.5, 2.2),
};

describe("signatureWidget", () => {
  const w = signatureWidget({
    results: [
      { name: "Nutlin-3a (DESeq2)", table: deseq },
      { name: "Nutlin-3a (edgeR)", table: edger },
    ],
    signatures: sig,
    labels,
    expression: expr,
    samples,
  });
  const p = w.payload;

  it("puts the results' genes in one universe, labelled by symbol, values aligned and NaN as null", () => {
    expect(p.genes).toEqual(["CDKN1A", "GAPDH", "ACTB", "MDM2", "BBC3"]);
    expect(p.geneIds).toEqual(["ENSG1", "ENSG2", "ENSG3", "ENSG4", "ENSG5"]);
    const [a, b] = p.contrasts;
    expect(a.log2FC).toEqual([2.5, -0.1, null, 1.2, null]);
    expect(a.padj).toEqual([4e-30, null, null, 1.2e-4, null]);
    expect(a.meanExpr[0]).toBeCloseTo(Math.log2(101), 5);
    expect(a.meanLabel).toBe("log2(baseMean + 1)");
    expect(b.method).toBe("edger");
    expect(b.log2FC).toEqual([2.1, null, null, 0.9, -1.5]);
    expect(b.pvalue).toEqual([1e-10, null, null, 0.002, 0.004]);
    expect(b.meanExpr).toEqual([7, null, null, 5, 4]);
  });

  it("matches signature members by symbol or ID and reports the unmeasured ones", () => {
    expect(p.signatures[0].members).toEqual([0, 3, 4]);
    expect(p.signatures[0].missing).toEqual(["GDF15"]);
  });

  it("orders expression columns as the matrix and annotates samples from the sample table", () => {
    expect(p.samples).toEqual(["n1", "d1", "n2", "d2"]);
    expect(p.sampleInfo.condition).toEqual(["nutlin", "dmso", "nutlin", "dmso"]);
    expect(p.groupBy).toBe("condition");
    expect(p.expression?.genes).toEqual([0, 1, 2, 3, 4]);
    expect(p.expression?.values[0]).toEqual([9, 5, 9.5, 5.2]);
  });

  it("scores each signature per sample exactly as scoreSets does", () => {
    const ref = scoreSets(expr.values, expr.genes, expr.samples, [{ name: "s", genes: ["ENSG1", "ENSG4", "ENSG5"] }], { method: "zscore" });
    expect(p.scores?.method).toBe("zscore");
    p.scores!.values[0].forEach((v, j) => expect(v).toBeCloseTo(ref.matrix[j], 5));
    // Treated samples score higher.
    expect(p.scores!.values[0][0] as number).toBeGreaterThan(p.scores!.values[0][1] as number);
  });

  it("makes a bundle with the widget type, an HTML fallback with the script inline, and text", () => {
    const b = w.toMimeBundle();
    expect(Object.keys(b)).toEqual([SIGNATURE_WIDGET_MIME, "text/html", "text/plain"]);
    expect(b[SIGNATURE_WIDGET_MIME]).toBe(p);
    const html = b["text/html"] as string;
    expect(html).toContain('type="application/vnd.p53lab.signature+json"');
    expect(html).toContain("p53labSignatureWidget");
    expect(html).not.toMatch(/<script[^>]+src=/);
    expect(b["text/plain"]).toContain("5 genes, 2 contrasts");
    expect(b["text/plain"]).toContain("1 not measured");
  });

  it("keeps markup in names inert in the HTML fallback", () => {
    const evil = '</script><img src=x onerror="alert(1)">';
    const t = Table.fromColumns({ gene_id: [evil, "B"], log2FoldChange: Float64Array.of(1, 2), pvalue: Float64Array.of(0.1, 0.2), padj: Float64Array.of(0.1, 0.2), baseMean: Float64Array.of(1, 2) });
    const html = signatureWidget({ results: [{ name: evil, table: t }], signatures: { name: evil, genes: [evil] } }).toMimeBundle()["text/html"] as string;
    expect(html).not.toContain("<img");
    expect(html.split("</script>").length - 1).toBe(2);
  });

  it("summarises a payload larger than maxBytes instead of sending it", () => {
    const b = signatureWidget({ results: deseq, signatures: sig, maxBytes: 200 }).toMimeBundle();
    expect(Object.keys(b)).toEqual(["text/html", "text/plain"]);
    expect(b["text/plain"]).toMatch(/exceed the limit of 0\.0 MB/);
  });

  it("sends the heatmap rows of the signature and the top genes only when the matrix is large", () => {
    const n = 200000;
    const ids = Array.from({ length: n }, (_, i) => `G${i}`);
    const t = Table.fromColumns({
      gene_id: ids,
      baseMean: Float64Array.from({ length: n }, () => 10),
      log2FoldChange: Float64Array.from({ length: n }, (_, i) => (i % 7) - 3),
      pvalue: Float64Array.from({ length: n }, (_, i) => (i + 1) / n),
      padj: Float64Array.from({ length: n }, (_, i) => (i + 1) / n),
    });
    const e = { genes: ids, samples: ["a", "b", "c", "d", "e", "f", "g", "h"], values: Float64Array.from({ length: n * 8 }, (_, k) => (k % 13) + (k % 8)) };
    const big = signatureWidget({ results: t, signatures: { name: "S", genes: ["G199999", "G150000"] }, expression: e });
    const rows = big.payload.expression!.genes;
    expect(rows.length).toBe(3002);
    expect(rows).toContain(199999);
    expect(rows).toContain(2999);
    expect(rows).not.toContain(3000 + 1);
  });

  it("rejects bad input with a message naming the problem", () => {
    expect(() => signatureWidget({ results: [], signatures: sig })).toThrow(/at least one DE result/);
    expect(() => signatureWidget({ results: deseq, signatures: [] })).toThrow(/at least one gene set/);
    expect(() => signatureWidget({ results: Table.fromColumns({ x: Float64Array.of(1) }), signatures: sig })).toThrow(/has no gene_id column/);
    expect(() => signatureWidget({ results: Table.fromColumns({ gene_id: ["A"], score: Float64Array.of(1) }), signatures: sig })).toThrow(/log fold change, p-value and adjusted p-value/);
    expect(() => signatureWidget({ results: Table.fromColumns({ gene_id: ["A", "A"], logFC: Float64Array.of(1, 2), PValue: Float64Array.of(1, 1), FDR: Float64Array.of(1, 1) }), signatures: sig })).toThrow(/duplicate gene_id "A" \(row 2\)/);
    expect(() => signatureWidget({ results: deseq, signatures: sig, expression: expr, samples, groupBy: "drug" })).toThrow(/groupBy "drug" is not a sample column \(condition, dose\)/);
    expect(() => signatureWidget({ results: deseq, signatures: sig, expression: { ...expr, samples: ["n1", "d1", "n2", "zz"] }, samples })).toThrow(/not in the sample table: zz/);
    expect(() => signatureWidget({ results: deseq, signatures: sig, alpha: 5 })).toThrow(/alpha must be between 0 and 1/);
  });
});

describe("validateSignaturePayload", () => {
  const good = (): SignatureWidgetPayload => JSON.parse(JSON.stringify(signatureWidget({ results: deseq, signatures: sig, labels }).payload));
  it("accepts what signatureWidget builds (after a JSON round trip)", () => {
    expect(validateSignaturePayload(good()).genes.length).toBe(4);
  });
  it.each([
    ["version", (p: any) => (p.version = 2), /version 2 is not supported \(this renderer reads version 1\)/],
    ["length", (p: any) => p.contrasts[0].padj.pop(), /contrasts\[0\]\.padj has 3 values for 4 genes/],
    ["NaN", (p: any) => (p.contrasts[0].log2FC[1] = "NaN"), /contrasts\[0\]\.log2FC\[1\] must be a finite number or null/],
    ["index", (p: any) => (p.signatures[0].members[0] = 9), /signatures\[0\]\.members\[0\] is not a gene index \(0\.\.3\)/],
    ["duplicate", (p: any) => (p.genes[1] = p.genes[0]), /genes\[1\] "CDKN1A" is a duplicate/],
    ["alpha", (p: any) => (p.alpha = 0), /alpha must be a number between 0 and 1/],
    ["groupBy", (p: any) => (p.groupBy = "x"), /groupBy "x" is not a sampleInfo column/],
  ])("names the field that is wrong: %s", (_name, spoil, msg) => {
    const p = good();
    spoil(p);
    expect(() => validateSignaturePayload(p)).toThrow(WidgetPayloadError);
    expect(() => validateSignaturePayload(p)).toThrow(msg);
  });
});
