/**
 * The source document's two diagrams, written in DOT and drawn to SVG by Graphviz compiled to
 * WebAssembly (@viz-js/viz; no system Graphviz needed, nothing loaded from the network): the
 * mechanism of action of MDM2 inhibitors such as Milademetan, and the RNA-seq differential
 * expression workflow. `show(await mechanismDiagram())` displays one; the DOT is kept for
 * editing and re-rendering with `renderDot`.
 */
import { createRequire } from "module";

/** A drawn diagram: its DOT source, the SVG and a caption. */
export class Diagram {
  constructor(
    readonly dot: string,
    readonly svg: string,
    readonly caption: string,
  ) {}

  /** MIME bundle for notebooks and reports (the SVG inline; plain text falls back to the caption). */
  toMimeBundle(): Record<string, unknown> {
    const escaped = this.caption.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
    return {
      "image/svg+xml": this.svg,
      "text/html": `<figure class="p53lab-diagram">${this.svg}<figcaption>${escaped}</figcaption></figure>`,
      "text/plain": this.caption,
    };
  }
}

type VizInstance = { renderString(dot: string, options: { format: string; engine?: string }): string };
let viz: Promise<VizInstance> | null = null;

/**
 * Render DOT to SVG with the bundled Graphviz.
 *
 * @example
 * const svg = await renderDot("digraph { a -> b }");
 */
export async function renderDot(dot: string, engine = "dot"): Promise<string> {
  if (!viz) {
    // the package ships ES module and CommonJS builds; load the CommonJS one
    const req = createRequire(__filename);
    const mod = req("@viz-js/viz") as { instance(): Promise<VizInstance> };
    viz = mod.instance();
  }
  const svg = (await viz).renderString(dot, { format: "svg", engine });
  // keep the <svg> element only (no XML prolog, doctype or comments) so it can be inlined in HTML
  const start = svg.indexOf("<svg");
  if (start < 0) throw new Error("Graphviz returned no SVG");
  return svg.slice(start);
}

const STYLE = 'graph [fontname="Helvetica", bgcolor="transparent", rankdir=LR, pad=0.2]; node [fontname="Helvetica", shape=box, style="rounded,filled", fillcolor="#f2f2f2", color="#555555"]; edge [fontname="Helvetica", color="#555555"];';

/** DOT of the mechanism of action. */
export const MECHANISM_DOT = `digraph mechanism {
  ${STYLE}
  drug [label="Milademetan\\n(MDM2 inhibitor;\\nalso Nutlin-3a, AMG-232)", fillcolor="#cfe2f3"];
  mdm2 [label="MDM2\\n(E3 ubiquitin ligase)"];
  p53 [label="p53\\n(stabilised, active)", fillcolor="#d9ead3"];
  deg [label="proteasomal\\ndegradation of p53", shape=ellipse, fillcolor="#eeeeee"];
  targets [label="p53 target genes\\nCDKN1A (p21), BBC3 (PUMA),\\nMDM2, GDF15, ..."];
  arrest [label="cell-cycle arrest", shape=ellipse, fillcolor="#fff2cc"];
  apoptosis [label="apoptosis", shape=ellipse, fillcolor="#f4cccc"];
  drug -> mdm2 [arrowhead=tee, label="binds the p53 pocket"];
  mdm2 -> p53 [arrowhead=tee, label="ubiquitinates"];
  mdm2 -> deg [style=dashed];
  p53 -> targets [label="transcription"];
  targets -> arrest [label="p21"];
  targets -> apoptosis [label="PUMA"];
  targets -> mdm2 [style=dashed, label="negative feedback", constraint=false];
}`;

/** DOT of the differential-expression workflow. */
export const WORKFLOW_DOT = `digraph workflow {
  ${STYLE}
  cells [label="TP53 wild-type cells\\nDMSO vs MDM2 inhibitor\\n(doses, times, replicates)"];
  rna [label="RNA extraction\\nlibrary preparation\\nsequencing"];
  qc [label="read QC\\nadapter trimming"];
  align [label="alignment (hg38)\\nor pseudo-alignment"];
  counts [label="gene counts\\n(TPM/FPKM for display)"];
  de [label="differential expression\\nDESeq2 / edgeR / limma-voom", fillcolor="#cfe2f3"];
  res [label="results: log2 fold change,\\nadjusted p-values"];
  sig [label="p53 signatures\\nenrichment, scores", fillcolor="#d9ead3"];
  rep [label="figures and\\nreport"];
  cells -> rna -> qc -> align -> counts -> de -> res -> sig -> rep;
}`;

/**
 * The mechanism of action of MDM2 inhibitors, drawn.
 *
 * @example
 * show(await mechanismDiagram());
 */
export async function mechanismDiagram(): Promise<Diagram> {
  return new Diagram(MECHANISM_DOT, await renderDot(MECHANISM_DOT), "Mechanism of action: MDM2 inhibitors release p53 from MDM2, p53 accumulates and induces its target genes.");
}

/**
 * The RNA-seq differential-expression workflow, drawn.
 *
 * @example
 * show(await workflowDiagram());
 */
export async function workflowDiagram(): Promise<Diagram> {
  return new Diagram(WORKFLOW_DOT, await renderDot(WORKFLOW_DOT), "Workflow for differential gene expression analysis.");
}
