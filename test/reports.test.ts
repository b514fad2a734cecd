/**
 * Every notebook in notebooks/ runs under the real tslab kernel (nbclient) and becomes a
 * self-contained HTML report; the report opens in real Chromium without console errors
 * and its plotly figures draw (pixels checked on a screenshot).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createHash } from "crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { parse } from "parse5";
import { PNG } from "pngjs";
import { chromium, Browser } from "playwright-core";
import { ARTIFACTS, ROOT, cli } from "./helpers";

const NOTEBOOKS = readdirSync(join(ROOT, "notebooks")).filter((f) => f.endsWith(".ipynb")).sort();
const OUT = join(ARTIFACTS, "reports");
const CHROMIUM = "/usr/bin/chromium";

type Node5 = { nodeName: string; tagName?: string; attrs?: { name: string; value: string }[]; childNodes?: Node5[]; value?: string; content?: Node5 };

function walk(node: Node5, visit: (n: Node5) => void): void {
  visit(node);
  for (const c of node.childNodes ?? []) walk(c, visit);
  if (node.content) walk(node.content, visit);
}

function text(node: Node5): string {
  let s = "";
  walk(node, (n) => {
    if (n.nodeName === "#text") s += n.value ?? "";
  });
  return s;
}

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

/** Fraction of pixels that differ from the most common colour (the background). */
function inkFraction(png: PNG): number {
  const counts = new Map<number, number>();
  for (let i = 0; i < png.data.length; i += 4) {
    const key = (png.data[i] << 16) | (png.data[i + 1] << 8) | png.data[i + 2];
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const top = Math.max(...counts.values());
  return 1 - top / (png.width * png.height);
}

let browser: Browser | null = null;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  if (existsSync(CHROMIUM)) {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
  }
});

afterAll(async () => {
  await browser?.close();
});

it("there is at least one notebook", () => {
  expect(NOTEBOOKS.length).toBeGreaterThan(0);
});

describe.each(NOTEBOOKS)("%s", (nb) => {
  const name = nb.replace(/\.ipynb$/, "");
  const htmlPath = join(OUT, `${name}.html`);
  let html = "";

  beforeAll(() => {
    const r = cli(["report", join("notebooks", nb), "--out", OUT, "--keep-notebook"]);
    if (r.status !== 0) throw new Error(`p53lab report failed (${r.status}):\n${r.stderr}\n${r.stdout}`);
    expect(r.stdout.trim()).toBe(htmlPath);
    html = readFileSync(htmlPath, "utf8");
  });

  it("runs every cell once, in order, with no error or warning output", () => {
    const executed = JSON.parse(readFileSync(join(OUT, `${name}.ipynb`), "utf8"));
    const code = executed.cells.filter((c: { cell_type: string }) => c.cell_type === "code");
    expect(code.length).toBeGreaterThan(0);
    code.forEach((c: { execution_count: number; outputs: { output_type: string; name?: string; text?: string }[] }, i: number) => {
      expect(c.execution_count).toBe(i + 1);
      for (const o of c.outputs) {
        expect(o.output_type).not.toBe("error");
        if (o.output_type === "stream") expect(o.name, `stderr in cell ${i + 1}: ${o.text}`).toBe("stdout");
      }
    });
  });

  it("is self-contained: nothing is loaded from a URL or a local file path", () => {
    const doc = parse(html) as unknown as Node5;
    const offenders: string[] = [];
    walk(doc, (n) => {
      if (!n.tagName) return;
      for (const a of n.attrs ?? []) {
        const v = a.value.trim();
        const loads = ["src", "data", "srcset", "poster"].includes(a.name) || (a.name === "href" && n.tagName !== "a");
        if (loads && /^(https?:|file:|\/\/|\/)/i.test(v)) offenders.push(`<${n.tagName} ${a.name}="${v}">`);
      }
      if (n.tagName === "style" && /url\(\s*["']?(https?:|file:|\/\/)|@import/i.test(text(n))) offenders.push("<style> with an external url()");
    });
    expect(offenders).toEqual([]);
  });

  it("inlines plotly.js once and draws each figure from it", () => {
    const doc = parse(html) as unknown as Node5;
    let libraries = 0;
    let figures = 0;
    walk(doc, (n) => {
      if (n.tagName === "script" && n.attrs?.some((a) => a.name === "data-p53lab" && a.value === "plotly.js")) libraries++;
      if (n.tagName === "div" && n.attrs?.some((a) => a.name === "class" && a.value.split(/\s+/).includes("p53lab-plotly"))) figures++;
    });
    if (figures > 0) expect(libraries).toBe(1);
  });

  it("ends with a reproducibility footer whose checksums match the files", () => {
    const doc = parse(html) as unknown as Node5;
    let footer: Node5 | null = null;
    walk(doc, (n) => {
      if (n.tagName === "footer" && n.attrs?.some((a) => a.name === "id" && a.value === "p53lab-reproducibility")) footer = n;
    });
    expect(footer).not.toBeNull();
    const t = text(footer!);
    const version = JSON.parse(readFileSync(join(ROOT, "kernel-lib", "package.json"), "utf8")).version;
    expect(t).toContain(`p53lab ${version}`);
    expect(t).toMatch(/tslab 1\.0\.22/);
    expect(t).toContain(`Node ${process.version}`);
    expect(t).toMatch(/Rendered \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/);
    expect(t).toContain(sha256(readFileSync(join(ROOT, "notebooks", nb))));
    for (const m of t.matchAll(/(\/\S+) \((\d+) bytes\) SHA-256 ([0-9a-f]{64})/g)) {
      const bytes = readFileSync(m[1]);
      expect(bytes.length).toBe(Number(m[2]));
      expect(sha256(bytes)).toBe(m[3]);
    }
  });

  it("opens in Chromium without console errors and its figures are drawn", async () => {
    if (!browser) throw new Error(`Chromium not found at ${CHROMIUM}: run bash scripts/setup.sh --with-browser`);
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(`console.error: ${m.text()}`);
    });
    page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
    page.on("request", (r) => {
      if (!/^(file|data|blob|about):/.test(r.url())) problems.push(`network request: ${r.url()}`);
    });
    await page.goto(`file://${htmlPath}`);
    const nFigures = await page.locator(".p53lab-plotly").count();
    if (nFigures > 0) {
      await page.waitForFunction((n) => document.querySelectorAll(".p53lab-plotly .main-svg").length >= n, nFigures, { timeout: 20_000 });
      for (let i = 0; i < nFigures; i++) {
        const fig = page.locator(".p53lab-plotly").nth(i);
        await fig.scrollIntoViewIfNeeded();
        const shot = await fig.screenshot();
        if (i === 0) writeFileSync(join(ARTIFACTS, `${name}-figure1.png`), shot);
        const png = PNG.sync.read(shot);
        expect(png.width).toBeGreaterThan(200);
        // An empty plot area (axes only) has well under 1% ink; bars, boxes and points add much more.
        expect(inkFraction(png), `figure ${i + 1} looks blank`).toBeGreaterThan(0.02);
        // points and bars are .point paths; heatmaps draw one image per trace; WebGL traces (large
        // scatters) draw on a canvas, whose pixels the ink check above has already counted
        const marks = await fig.locator("g.trace .point, g.hm image, canvas.gl-canvas-context").count();
        expect(marks, `figure ${i + 1} has no drawn marks`).toBeGreaterThan(0);
      }
    }
    // Signature widgets: the interactive widget is mounted (not the static fallback) and draws.
    const nWidgets = await page.locator(".p53lab-sigwidget-host").count();
    if (nWidgets > 0) {
      await page.waitForFunction((n) => document.querySelectorAll('.p53lab-sigwidget-host[data-p53lab-widget="ready"]').length >= n, nWidgets, { timeout: 20_000 });
      for (let i = 0; i < nWidgets; i++) {
        const w = page.locator(".p53lab-sigwidget-host").nth(i);
        await w.scrollIntoViewIfNeeded();
        const png = PNG.sync.read(await w.locator(".p53sw-plot canvas").first().screenshot());
        expect(inkFraction(png), `widget ${i + 1}: its volcano plot looks blank`).toBeGreaterThan(0.02);
        expect(await w.locator(".p53sw-table tbody tr").count(), `widget ${i + 1}: its gene table is empty`).toBeGreaterThan(0);
        // Linked selection works in the report: search a listed gene and select it.
        const gene = (await w.locator(".p53sw-table tbody tr td").first().textContent())!;
        await w.locator(".p53sw-search").fill(gene);
        await w.locator(".p53sw-search").press("Enter");
        expect(await w.locator(".p53sw-status").textContent()).toBe(`1 gene selected: ${gene}`);
      }
    }
    await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    await page.close();
    expect(problems).toEqual([]);
  });
});
