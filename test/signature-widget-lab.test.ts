/**
 * The gene-signature widget end to end in a real JupyterLab 4 (front end built from npm packages,
 * Debian's jupyterlab_server, the p53lab extension loaded as a prebuilt federated extension) with
 * the tslab kernel, in headless Chromium: a notebook that runs DESeq2 on a simulated Milademetan
 * experiment and shows the widget is opened and run; the widget must be drawn by the extension's
 * renderer (not the HTML fallback), respond to selection, filtering and switches, export CSV,
 * follow the dark theme, and show names carrying HTML/JS as text. A GMT file opens in the
 * extension's gene-set browser. Screenshots go to test-artifacts/.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { join } from "path";
import { ARTIFACTS } from "./helpers";
import { CHROMIUM, Chromium, Lab, OpenedLab, P53LAB_EXTENSION_DIR, launchChromium, openLab, runCommand, startLab, waitForKernelIdle } from "./jupyterlab/lab";

const EXTENSION = join(P53LAB_EXTENSION_DIR, "p53lab-extension", "package.json");
const READY = ".p53lab-signature-renderer[data-p53lab-widget=ready]";

function notebook(): string {
  let n = 0;
  const cell = (source: string) => ({ cell_type: "code", execution_count: null, id: `cell-${++n}`, metadata: {}, outputs: [], source });
  return JSON.stringify({
    cells: [
      cell(
        [
          'import * as p53 from "p53lab";',
          "const sim = p53.simulateMdm2Experiment({ nGenes: 5000, doses: [0.1, 1], seed: 11 });",
          'const dds = new p53.DESeqDataSet(sim.counts, sim.samples, { design: "~ group", reference: { group: "dmso_24h" } }).run();',
          'const hi = dds.results({ contrast: ["group", "milademetan_1uM_24h", "dmso_24h"] });',
          'const lo = dds.results({ contrast: ["group", "milademetan_0.1uM_24h", "dmso_24h"] });',
          "p53.show(p53.signatureWidget({",
          '  results: [{ name: "Milademetan 1 µM", table: hi }, { name: "Milademetan 0.1 µM", table: lo }],',
          "  signatures: p53.signatures.builtinSignatures(),",
          "  expression: p53.de.vst(sim.counts),",
          "  samples: sim.samples,",
          '  groupBy: "group",',
          '  title: "Milademetan (SIMULATED) in JupyterLab",',
          "}));",
        ].join("\n"),
      ),
      cell(
        [
          'const evil = [\'<img src=x onerror="window.__xss=1">\', "<script>window.__xss=2</script>"];',
          "const t = p53.Table.fromColumns({",
          '  gene_id: [...evil, "CDKN1A"],',
          "  baseMean: Float64Array.of(10, 20, 30), log2FoldChange: Float64Array.of(1, -1, 2),",
          "  pvalue: Float64Array.of(0.01, 0.2, 0.001), padj: Float64Array.of(0.02, 0.3, 0.003),",
          "});",
          'p53.show(p53.signatureWidget({ results: [{ name: evil[1], table: t }], signatures: [{ name: evil[0], genes: [evil[0], "CDKN1A"] }], title: evil[1] }));',
        ].join("\n"),
      ),
    ],
    metadata: {
      kernelspec: { name: "tslab", display_name: "TypeScript (p53lab)", language: "typescript" },
      language_info: { name: "typescript", file_extension: ".ts", mimetype: "text/typescript" },
    },
    nbformat: 4,
    nbformat_minor: 5,
  });
}

const GMT = [
  "P53_TARGETS\tcanonical p53 targets\tCDKN1A\tBBC3\tMDM2\tGDF15",
  '<img src=x onerror="window.__xss=5">\tmarkup in a set name\tCDKN1A\tTP53I3',
  "BROKEN_LINE_WITHOUT_GENES",
  "",
].join("\n");

describe.skipIf(!existsSync(CHROMIUM))("signature widget in JupyterLab 4 (end to end)", () => {
  let root = "";
  let lab: Lab | null = null;
  let chrome: Chromium | null = null;
  let opened: OpenedLab | null = null;

  beforeAll(async () => {
    if (!existsSync(EXTENSION)) throw new Error(`${EXTENSION} is missing: run npm run build`);
    // Inside the checkout, so that the kernel resolves the p53lab package from node_modules.
    mkdirSync(ARTIFACTS, { recursive: true });
    root = mkdtempSync(join(ARTIFACTS, "lab-root-"));
    writeFileSync(join(root, "widget.ipynb"), notebook());
    writeFileSync(join(root, "sets.gmt"), GMT);
    lab = await startLab({ root, labextensions: P53LAB_EXTENSION_DIR });
    chrome = await launchChromium({ viewport: { width: 1400, height: 1000 } });
  }, 60_000);

  afterAll(async () => {
    await chrome?.close();
    await lab?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  }, 30_000);

  it("runs the notebook; the extension draws the widget, which selects, filters, switches, exports and follows the theme", async () => {
    opened = await openLab(chrome!.context, lab!.pageUrl("/lab/tree/widget.ipynb"));
    const { page } = opened;
    expect(await waitForKernelIdle(page)).toBe("tslab");
    await runCommand(page, "notebook:run-all-cells");
    await page.waitForFunction((sel) => document.querySelectorAll(sel).length === 2, READY, { timeout: 120_000, polling: 250 });
    await waitForKernelIdle(page);
    // The extension's renderer drew both widgets; the HTML fallback was not used.
    expect(await page.locator(".p53lab-sigwidget-host").count()).toBe(0);
    expect(await page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.p53lab.signature+json']").count()).toBe(2);

    const w = page.locator(READY).first();
    await w.scrollIntoViewIfNeeded();
    const ink = () =>
      w.locator(".p53sw-plot canvas").first().evaluate((c: HTMLCanvasElement) => {
        const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
        const seen = new Set<number>();
        for (let k = 0; k < d.length; k += 16) seen.add((d[k] << 16) | (d[k + 1] << 8) | d[k + 2]);
        const bg = (d[0] * 0.299 + d[1] * 0.587 + d[2] * 0.114) / 255;
        return { colours: seen.size, background: bg };
      });
    const light = await ink();
    expect(light.colours).toBeGreaterThan(20);
    expect(light.background).toBeGreaterThan(0.5);

    // Select by search, then by brushing the volcano.
    await w.locator(".p53sw-search").fill("MDM2");
    await w.locator(".p53sw-search").press("Enter");
    expect(await w.locator(".p53sw-status").textContent()).toBe("1 gene selected: MDM2");
    expect(await w.locator('.p53sw-table tr[aria-selected="true"] td').first().textContent()).toBe("MDM2");
    const box = (await w.locator(".p53sw-plot canvas").first().boundingBox())!;
    await page.mouse.move(box.x + box.width * 0.6, box.y + 14);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width - 14, box.y + box.height - 50, { steps: 6 });
    await page.mouse.up();
    const nSel = Number(await w.locator(".p53sw-status").getAttribute("data-selected"));
    expect(nSel).toBeGreaterThan(3);
    // Filter the table to the selection, then to all genes.
    await w.locator(".p53sw-search").fill("");
    await w.locator(".p53sw-filter").selectOption("selected");
    expect(await w.locator(".p53sw-table tbody tr").count()).toBe(Math.min(nSel, 400));
    await w.locator(".p53sw-filter").selectOption("all");
    expect(await w.locator(".p53sw-table-footer").textContent()).toMatch(/^5,000 genes; first 400 shown/);
    // Switch signature and contrast.
    await w.locator(".p53sw-filter").selectOption("signature");
    await w.locator(".p53sw-signature").selectOption("1");
    expect(await w.locator(".p53sw-siginfo").textContent()).toContain("P53_CANONICAL_TARGETS");
    expect(await w.locator(".p53sw-table tbody tr").count()).toBe(4);
    await w.locator(".p53sw-contrast").selectOption("1");
    expect(await w.locator(".p53sw-scatter-title").textContent()).toBe("Volcano plot: Milademetan 0.1 µM");
    // Export the selection as CSV.
    const [dl] = await Promise.all([page.waitForEvent("download"), w.locator(".p53sw-export-csv").click()]);
    const csv = readFileSync((await dl.path())!, "utf8").trim().split("\n");
    expect(csv[0]).toBe("gene,log2FC,padj,pvalue,in_signature,contribution");
    expect(csv.length).toBe(nSel + 1);
    const shot = async (file: string) => {
      await w.evaluate((el) => el.scrollIntoView({ block: "start" }));
      await page.screenshot({ path: join(ARTIFACTS, file) });
    };
    await shot("jupyterlab-signature-widget.png");

    // Dark theme: the canvas is redrawn on a dark background.
    await runCommand(page, "apputils:change-theme", { theme: "JupyterLab Dark" });
    await page.waitForFunction(() => document.body.dataset.jpThemeLight === "false", undefined, { timeout: 20_000 });
    await expect.poll(async () => (await ink()).background, { timeout: 10_000 }).toBeLessThan(0.3);
    await shot("jupyterlab-signature-widget-dark.png");
    await runCommand(page, "apputils:change-theme", { theme: "JupyterLab Light" });

    // The second widget: names with markup are text, nothing ran.
    const evil = page.locator(READY).nth(1);
    await evil.scrollIntoViewIfNeeded();
    await evil.locator(".p53sw-filter").selectOption("all");
    const text = await evil.textContent();
    expect(text).toContain('<img src=x onerror="window.__xss=1">');
    expect(text).toContain("<script>window.__xss=2</script>");
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await evil.locator("img, script").count()).toBe(0);

    expect(opened.problems, opened.problems.map((p) => `${p.kind}: ${p.text}`).join("\n")).toEqual([]);
  }, 240_000);

  it("opens a .gmt file in the gene-set browser", async () => {
    const { page } = opened!;
    await runCommand(page, "docmanager:open", { path: "sets.gmt" });
    const g = page.locator(".p53lab-gmt-renderer .p53sw-gmt");
    await g.waitFor({ timeout: 20_000 });
    expect(await g.locator("h3").textContent()).toBe("Gene sets: 2");
    expect(await g.locator(".p53sw-error").textContent()).toContain("line 3: expected a name, a description and genes separated by tabs (found 1 field)");
    expect(await g.locator("tbody tr").count()).toBe(2);
    await g.locator(".p53sw-search").fill("tp53i3");
    expect(await g.locator("tbody tr").count()).toBe(1);
    await g.locator("tbody tr").first().click();
    expect(await g.locator(".p53sw-gmt-detail h4").textContent()).toBe('<img src=x onerror="window.__xss=5">');
    expect(await g.locator(".p53sw-gmt-genes").textContent()).toBe("CDKN1ATP53I3");
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    await page.screenshot({ path: join(ARTIFACTS, "jupyterlab-gmt-browser.png") });
    expect(opened!.problems).toEqual([]);
  }, 60_000);
});

