/**
 * `renderReport`: execute a notebook with the tslab kernel (through Debian's or
 * conda's nbclient, in Python) and write a self-contained HTML report with a
 * reproducibility footer. A failing cell fails the render with the cell's source
 * and error.
 */
import { spawn } from "child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "fs";
import { tmpdir } from "os";
import { basename, delimiter, join, resolve } from "path";
import { InputError, MissingResourceError } from "../io/errors";
import { InputFileRecord, sha256Hex } from "../io/provenance";
import { footerHtml, insertFooter } from "./footer";
import { externalReferences } from "./offline";
import { p53labVersion, tslabVersion } from "./versions";

/** Options for {@link renderReport}. */
export interface ReportOptions {
  /** Output folder. Default `reports` in the current folder. */
  outDir?: string;
  /** Seconds one cell may run. Default 600. */
  cellTimeout?: number;
  /** Kernel name. Default "tslab". */
  kernel?: string;
  /** Python with nbclient and nbconvert. Default `P53LAB_PYTHON`, else /usr/bin/python3 when present, else python3. */
  python?: string;
  /** Also write the executed notebook (`<name>.ipynb`) beside the HTML. Default false. */
  keepNotebook?: boolean;
}

/** What a render produced. */
export interface ReportResult {
  html: string;
  notebook?: string;
  inputs: InputFileRecord[];
  seconds: number;
  cells: number;
}

/**
 * The error text of a failed cell without the kernel's internals: stack frames
 * ("    at ...") and the evalmachine location line (it counts lines of transpiled code).
 *
 * @example
 * cleanCellError("evalmachine.<anonymous>:5\nthrow e;\n^\n\nError: x\n    at evalmachine.<anonymous>:5:7");
 * // "throw e;\n^\n\nError: x"
 */
export function cleanCellError(output: string): string {
  return output
    .split("\n")
    .filter((l) => !/^\s+at\s/.test(l) && !/^evalmachine\.<anonymous>:\d+$/.test(l.trim()))
    .join("\n")
    .trim();
}

/** A cell failed while the notebook ran. */
export class NotebookCellError extends Error {
  constructor(
    readonly notebook: string,
    readonly cellIndex: number,
    readonly source: string,
    readonly output: string,
  ) {
    super(
      `${notebook}: cell ${cellIndex + 1} failed\n--- cell source ---\n${source}\n--- error ---\n${cleanCellError(output) || "(the kernel reported an error without text)"}`,
    );
    this.name = "NotebookCellError";
  }
}

function projectRoot(): string {
  return resolve(__dirname, "..", "..", "..");
}

function kernelLibRoot(): string {
  return resolve(__dirname, "..", "..");
}

function defaultPython(): string {
  if (process.env.P53LAB_PYTHON) return process.env.P53LAB_PYTHON;
  return existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((res, rej) => {
    const child = spawn(cmd, args, { env, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", (e) => rej(e));
    child.on("close", (code) => res({ code: code ?? 1, stdout, stderr }));
  });
}

function reportDate(): string {
  const epoch = process.env.SOURCE_DATE_EPOCH;
  const d = epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date();
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Execute `notebookPath` and write `<outDir>/<name>.html`.
 *
 * @example
 * const r = await renderReport("notebooks/00-getting-started.ipynb", { outDir: "reports" });
 * r.html; // "/abs/reports/00-getting-started.html"
 */
export async function renderReport(notebookPath: string, options: ReportOptions = {}): Promise<ReportResult> {
  const nbPath = resolve(notebookPath);
  if (!existsSync(nbPath)) throw new InputError("notebook not found", notebookPath);
  if (!nbPath.endsWith(".ipynb")) throw new InputError("expected a .ipynb notebook", notebookPath);
  const nbBytes = readFileSync(nbPath);
  const outDir = resolve(options.outDir ?? "reports");
  mkdirSync(outDir, { recursive: true });
  const name = basename(nbPath, ".ipynb");
  const htmlPath = join(outDir, `${name}.html`);
  const work = mkdtempSync(join(tmpdir(), "p53lab-report-"));
  const provenance = join(work, "inputs.jsonl");
  const rawHtml = join(work, "raw.html");
  const executed = join(work, "executed.ipynb");
  writeFileSync(provenance, "");

  const kernelDirs = [process.env.P53LAB_KERNEL_PATH, projectRoot()].filter(
    (p): p is string => !!p && existsSync(join(p, "kernels")),
  );
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    P53LAB_PROVENANCE: provenance,
    JUPYTER_PATH: [...kernelDirs, process.env.JUPYTER_PATH].filter(Boolean).join(delimiter),
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
  };
  const python = options.python ?? defaultPython();
  const script = join(kernelLibRoot(), "python", "p53lab_report.py");
  const templates = join(kernelLibRoot(), "templates");
  const started = Date.now();
  let result: { code: number; stdout: string; stderr: string };
  try {
    result = await run(
      python,
      ["-Xfrozen_modules=off", script, nbPath, rawHtml, templates, options.kernel ?? "tslab", String(options.cellTimeout ?? 600), executed],
      env,
    );
  } catch (e) {
    rmSync(work, { recursive: true, force: true });
    throw new MissingResourceError(
      `cannot run ${python} (${(e as Error).message}); install Jupyter (Debian: apt-get install jupyter-nbconvert python3-nbclient; ` +
        `elsewhere: the conda environment in environment.yml) or set P53LAB_PYTHON`,
    );
  }
  const lastLine = result.stdout.trim().split("\n").pop() ?? "";
  let status: Record<string, unknown> = {};
  try {
    status = JSON.parse(lastLine);
  } catch {
    status = { error: "no-status", message: (result.stderr || result.stdout).trim().split("\n").slice(-5).join("\n") };
  }
  try {
    if (result.code === 2) {
      throw new NotebookCellError(notebookPath, Number(status.index ?? -1), String(status.source ?? ""), String(status.output ?? status.message ?? ""));
    }
    if (result.code !== 0) {
      const msg = String(status.message ?? status.error ?? "unknown failure");
      if (status.error === "missing-python-package") {
        throw new MissingResourceError(
          `${python} lacks Jupyter's nbclient/nbconvert (${msg}); on Debian: apt-get install jupyter-nbconvert python3-nbclient ` +
            `python3-ipykernel, elsewhere use environment.yml, or set P53LAB_PYTHON`,
        );
      }
      if (/No such kernel/i.test(msg)) {
        throw new MissingResourceError(`the "${options.kernel ?? "tslab"}" kernel is not installed (${msg}); run \`npm run setup\` in the p53lab checkout`);
      }
      throw new MissingResourceError(`running ${notebookPath} failed: ${msg}`);
    }
    const inputs = readFileSync(provenance, "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as InputFileRecord);
    const unique = [...new Map(inputs.map((i) => [`${i.path}\u0000${i.sha256}`, i])).values()];
    const html = readFileSync(rawHtml, "utf8");
    const external = externalReferences(html);
    if (external.length) {
      throw new MissingResourceError(`the report would load files from outside itself: ${external.slice(0, 5).join(", ")}`);
    }
    const footer = footerHtml({
      notebook: { path: notebookPath, sha256: sha256Hex(nbBytes) },
      versions: { p53lab: p53labVersion(), tslab: tslabVersion(), Node: process.version },
      date: reportDate(),
      inputs: unique,
    });
    writeFileSync(htmlPath, insertFooter(html, footer));
    let nbOut: string | undefined;
    if (options.keepNotebook) {
      nbOut = join(outDir, `${name}.ipynb`);
      writeFileSync(nbOut, readFileSync(executed));
    }
    return { html: htmlPath, notebook: nbOut, inputs: unique, seconds: (Date.now() - started) / 1000, cells: Number(status.cells ?? 0) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
