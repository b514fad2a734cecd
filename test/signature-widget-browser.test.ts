/**
 * The gene-signature widget as it appears in an exported HTML page (the `text/html` fallback of its
 * MIME bundle, with the standalone script inline), in headless Chromium: real DESeq2 results of a
 * 20,000-gene simulated Milademetan experiment (two doses against DMSO), both p53 signatures, the
 * VST matrix. Selecting, filtering, sorting, switching, comparing and exporting are driven with the
 * mouse and keyboard; a second page proves that gene, sample and set names carrying HTML/JS are
 * shown as text and never run.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { chromium, Browser, Page } from "playwright-core";
import { ARTIFACTS } from "./helpers";
import { simulateMdm2Experiment } from "../kernel-lib/src/datasets/simulate";
import { DESeqDataSet } from "../kernel-lib/src/de/deseq";
import { vst } from "../kernel-lib/src/de/vst";
import { builtinSignatures } from "../kernel-lib/src/signatures/builtin";
import { signatureWidget, widgetScriptPath } from "../kernel-lib/src/display/widget";
import { standaloneHtml } from "../kernel-lib/src/display/standalone";
import { Table } from "../kernel-lib/src/io/table";
import { SampleTable } from "../kernel-lib/src/io/samples";

const CHROMIUM = "/usr/bin/chromium";

async function ready(page: Page): Promise<void> {
  await page.waitForSelector("[data-p53lab-widget=ready]", { timeout: 20_000 });
}

describe.skipIf(!existsSync(CHROMIUM) || !existsSync(widgetScriptPath()))("signature widget in an HTML report (Chromium)", () => {
  let browser: Browser;
  let dir: string;
  const errors: string[] = [];
  let nMembers: number[] = [];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "p53lab-widget-"));
    const sim = simulateMdm2Experiment({ nGenes: 20000, doses: [0.1, 1], seed: 7 });
    const dds = new DESeqDataSet(sim.counts, sim.samples, { design: "~ group", reference: { group: "dmso_24h" } }).run();
    const low = dds.results({ contrast: ["group", "milademetan_0.1uM_24h", "dmso_24h"] });
    const high = dds.results({ contrast: ["group", "milademetan_1uM_24h", "dmso_24h"] });
    const sets = builtinSignatures();
    const w = signatureWidget({
      results: [
        { name: "Milademetan 1 µM", table: high },
        { name: "Milademetan 0.1 µM", table: low },
      ],
      signatures: sets,
      expression: vst(sim.counts),
      samples: sim.samples,
      groupBy: "group",
      title: "p53 signatures after Milademetan (SIMULATED)",
      note: sim.description,
    });
    nMembers = w.payload.signatures.map((x) => x.members.length);
    writeFileSync(join(dir, "widget.html"), standaloneHtml([w], { title: "widget" }));
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
  });

  it("renders linked views and they respond to selection, filters, switches and exports", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
    await context.grantPermissions(["clipboard-read", "clipboard-write"]);
    const page = await context.newPage();
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    const t0 = Date.now();
    await page.goto(`file://${join(dir, "widget.html")}`);
    await ready(page);
    const mountMs = Date.now() - t0;

    // The volcano canvas is drawn (many distinct colours), the heatmap too.
    const colours = await page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLCanvasElement>(".p53sw canvas")).map((c) => {
        const d = c.getContext("2d")!.getImageData(0, 0, c.width, c.height).data;
        const seen = new Set<number>();
        for (let k = 0; k < d.length; k += 16) seen.add((d[k] << 16) | (d[k + 1] << 8) | d[k + 2]);
        return seen.size;
      }),
    );
    expect(colours.length).toBe(3); // volcano, heatmap, comparison scatter
    for (const c of colours) expect(c).toBeGreaterThan(20);
    // Heatmap shows the signature genes; the table lists them.
    const rows = await page.locator(".p53sw-table tbody tr").count();
    expect(rows).toBe(nMembers[0]);
    expect(await page.locator(".p53sw-scores circle").count()).toBe(9);

    // Search + Enter selects a gene: status, table row and heatmap label follow.
    await page.fill(".p53sw-search", "CDKN1A");
    await page.press(".p53sw-search", "Enter");
    await expect.poll(() => page.locator(".p53sw-status").textContent()).toBe("1 gene selected: CDKN1A");
    expect(await page.locator('.p53sw-table tr[aria-selected="true"] td').first().textContent()).toBe("CDKN1A");

    // Brush on the volcano: drag over the upper right quadrant selects many genes.
    const box = (await page.locator(".p53sw-plot canvas").first().boundingBox())!;
    const t1 = Date.now();
    await page.mouse.move(box.x + box.width * 0.62, box.y + 14);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * 0.8, box.y + box.height * 0.5, { steps: 4 });
    await page.mouse.move(box.x + box.width - 14, box.y + box.height - 50, { steps: 4 });
    await page.mouse.up();
    const selectMs = Date.now() - t1;
    const nSel = Number(await page.locator(".p53sw-status").getAttribute("data-selected"));
    expect(nSel).toBeGreaterThan(5);

    // Hover shows a tooltip with the gene's numbers.
    await page.fill(".p53sw-search", "");
    await page.selectOption(".p53sw-filter", "selected");
    expect(await page.locator(".p53sw-table tbody tr").count()).toBe(Math.min(nSel, 400));

    // All genes; a click on a numeric header sorts largest first, a second click reverses.
    await page.selectOption(".p53sw-filter", "all");
    await expect.poll(() => page.locator(".p53sw-table-footer").textContent()).toMatch(/^20,000 genes; first 400 shown/);
    const lfcColumn = () => page.locator(".p53sw-table tbody tr td:nth-child(2)").evaluateAll((tds) => tds.slice(0, 3).map((t) => Number(t.textContent)));
    await page.click('.p53sw-table th[data-key="log2FC"]');
    expect(await page.getAttribute('.p53sw-table th[data-key="log2FC"]', "aria-sort")).toBe("descending");
    const down = await lfcColumn();
    expect(down[0]).toBeGreaterThan(3);
    expect(down[0]).toBeGreaterThanOrEqual(down[1]);
    await page.click('.p53sw-table th[data-key="log2FC"]');
    expect(await page.getAttribute('.p53sw-table th[data-key="log2FC"]', "aria-sort")).toBe("ascending");
    const up = await lfcColumn();
    expect(up[0]).toBeLessThan(0);
    expect(up[0]).toBeLessThanOrEqual(up[1]);

    // Keyboard: focus a row, Space toggles it into the selection.
    await page.locator(".p53sw-table tbody tr").first().focus();
    await page.keyboard.press(" ");
    expect(Number(await page.locator(".p53sw-status").getAttribute("data-selected"))).toBe(nSel + 1);

    // Switch signature: the table (signature genes) and the score plot follow.
    await page.selectOption(".p53sw-filter", "signature");
    await page.selectOption(".p53sw-signature", "1");
    expect(await page.locator(".p53sw-siginfo").textContent()).toContain(builtinSignatures()[1].name);
    expect(await page.locator(".p53sw-table tbody tr").count()).toBe(nMembers[1]);

    // Switch contrast and plot type.
    await page.selectOption(".p53sw-contrast", "1");
    expect(await page.locator(".p53sw-scatter-title").textContent()).toBe("Volcano plot: Milademetan 0.1 µM");
    await page.click(".p53sw-plot-ma");
    expect(await page.locator(".p53sw-scatter-title").textContent()).toBe("MA plot: Milademetan 0.1 µM");
    // The comparison follows: contrast 0.1 µM against 1 µM.
    expect(await page.locator(".p53sw-cmp thead").textContent()).toContain("only Milademetan 0.1 µM");

    // Exports: CSV of the selection, SVG of the plot, clipboard.
    await page.click(".p53sw-clear");
    await page.fill(".p53sw-search", "MDM2");
    await page.press(".p53sw-search", "Enter");
    const [csv] = await Promise.all([page.waitForEvent("download"), page.click(".p53sw-export-csv")]);
    const csvText = readFileSync((await csv.path())!, "utf8");
    expect(csvText.split("\n")[0]).toBe("gene,log2FC,padj,pvalue,in_signature,contribution");
    expect(csvText.split("\n")[1]).toMatch(/^MDM2,[0-9.e-]+,[0-9.e-]+,[0-9.e-]+,yes,[0-9.e-]+$/);
    const [svg] = await Promise.all([page.waitForEvent("download"), page.click(".p53sw-export-svg")]);
    const svgText = readFileSync((await svg.path())!, "utf8");
    expect(svgText.startsWith("<svg")).toBe(true);
    expect(svgText).toContain(">MDM2</text>");
    expect((svgText.match(/<circle/g) ?? []).length).toBeGreaterThan(15000);
    const [png] = await Promise.all([page.waitForEvent("download"), page.click(".p53sw-export-png")]);
    expect(readFileSync((await png.path())!).subarray(1, 4).toString()).toBe("PNG");
    await page.click(".p53sw-copy");
    await expect.poll(() => page.locator(".p53sw-export-msg").textContent()).toMatch(/^Copied 1 gene names\.|refused/);
    const clip = await page.evaluate(() => navigator.clipboard.readText().catch(() => "(unreadable)"));
    if (clip !== "(unreadable)") expect(clip).toBe("MDM2");

    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, "signature-widget-report.png"), fullPage: true });
    writeFileSync(join(ARTIFACTS, "signature-widget-report.txt"), `20,000 genes, 2 contrasts: page load to widget ready ${mountMs} ms; brush selection of ${nSel} genes ${selectMs} ms (including mouse moves)\n`);
    expect(errors).toEqual([]);
    await context.close();
  }, 120_000);

  it("shows names carrying HTML/JS as text and never runs them", async () => {
    const evil = ['<img src=x onerror="window.__xss=1">', "<script>window.__xss=2</script>", '"><svg onload="window.__xss=3">', "</script><script>window.__xss=4</script>"];
    const genes = [...evil, "CDKN1A", "MDM2"];
    const t = Table.fromColumns({
      gene_id: genes,
      baseMean: Float64Array.of(10, 20, 30, 40, 50, 60),
      log2FoldChange: Float64Array.of(1, -1, 2, -2, 3, 0.5),
      pvalue: Float64Array.of(0.01, 0.02, 0.001, 0.5, 1e-5, 0.3),
      padj: Float64Array.of(0.02, 0.03, 0.002, 0.6, 1e-4, 0.4),
    });
    const samples = new SampleTable([evil[0], evil[1], "s3", "s4"], { condition: [evil[2], evil[2], evil[3], evil[3]] });
    const values = Float64Array.from({ length: genes.length * 4 }, (_, k) => (k * 7) % 11);
    const w = signatureWidget({
      results: [{ name: evil[3], table: t }, { name: evil[0], table: t }],
      signatures: [{ name: evil[1], genes: [evil[0], evil[2], "CDKN1A", evil[3]] }],
      expression: { genes, samples: samples.samples, values },
      samples,
      title: evil[2],
      note: evil[1],
    });
    writeFileSync(join(dir, "evil.html"), standaloneHtml([w], { title: "xss" }));
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const dialogs: string[] = [];
    page.on("dialog", (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`file://${join(dir, "evil.html")}`);
    await ready(page);
    // Interact so every view renders names: select all, hover the points and the heatmap.
    await page.selectOption(".p53sw-filter", "all");
    for (const r of await page.locator(".p53sw-table tbody tr").all()) await r.click({ modifiers: ["Shift"] });
    const box = (await page.locator(".p53sw-plot canvas").first().boundingBox())!;
    for (let k = 0; k < 30; k++) await page.mouse.move(box.x + (box.width * k) / 30, box.y + box.height / 2);
    const text = await page.locator(".p53sw").textContent();
    for (const e of evil) expect(text).toContain(e);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(await page.locator(".p53sw img, .p53sw script, .p53sw svg [onload]").count()).toBe(0);
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  }, 60_000);

  it("says clearly when the payload is not valid, instead of failing silently", async () => {
    const html = standaloneHtml([signatureWidget({ results: Table.fromColumns({ gene_id: ["A"], logFC: Float64Array.of(1), PValue: Float64Array.of(0.1), FDR: Float64Array.of(0.1) }), signatures: { name: "S", genes: ["A"] } })], { title: "bad" });
    // A payload from a future version of p53lab.
    writeFileSync(join(dir, "bad.html"), html.replace('{"version":1,', '{"version":9,'));
    const page = await browser.newPage();
    await page.goto(`file://${join(dir, "bad.html")}`);
    await page.waitForSelector("[data-p53lab-widget=error]");
    expect(await page.locator(".p53sw-error").textContent()).toBe(
      "The p53lab signature widget could not be shown: signature widget payload: version 9 is not supported (this renderer reads version 1)",
    );
    await page.close();
  }, 30_000);
});
