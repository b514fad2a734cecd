/**
 * Test helpers: a real JupyterLab 4 (the front end in test/jupyterlab/build, served by Debian's
 * jupyterlab_server through test/jupyterlab/server.py) running the project's tslab kernel, and
 * Chromium driven by playwright-core.
 *
 *   const lab = await startLab({ root: dir });            // server on a free port
 *   const chrome = await launchChromium();                  // fresh profile
 *   const { page, problems } = await openLab(chrome.context, lab.url + "/lab/tree/x.ipynb");
 *   ...
 *   await chrome.close(); await lab.stop();
 *
 * The front end must have been built (bash scripts/build-lab.sh); `labIsBuilt()` tells.
 */
import { ChildProcess, spawn } from "child_process";
import { randomBytes } from "crypto";
import { existsSync, mkdtempSync, rmSync } from "fs";
import { createServer } from "net";
import { tmpdir } from "os";
import { join, resolve } from "path";
import { chromium, BrowserContext, ConsoleMessage, Page, Request } from "playwright-core";

export const REPO_ROOT = resolve(__dirname, "..", "..");
export const LAB_DIR = __dirname;
export const LAB_BUILD = join(LAB_DIR, "build", "static", "main.js");
export const CHROMIUM = "/usr/bin/chromium";
export const PYTHON = process.env.P53LAB_PYTHON ?? "/usr/bin/python3";
/** Where the concurrently developed p53lab-extension is built to (build-labextension output). */
export const P53LAB_EXTENSION_DIR = join(REPO_ROOT, "extension", "dist", "labextensions");

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

/** Whether the front end has been built (scripts/build-lab.sh). */
export function labIsBuilt(): boolean {
  return existsSync(LAB_BUILD);
}

export interface StartLabOptions {
  /** Notebook root folder of the server. */
  root: string;
  /** Folder(s) of prebuilt extensions (`<name>/package.json` + `<name>/static/`), ':'-separated. */
  labextensions?: string;
  /** Port; default: a free one. */
  port?: number;
  /** Access token; default: a random one. Pass "" for no authentication. */
  token?: string;
  /** Milliseconds to wait for the server to answer (default 30 s). */
  timeoutMs?: number;
  /** Extra environment for the server (and so the kernels). */
  env?: NodeJS.ProcessEnv;
}

export interface Lab {
  /** Base URL, e.g. http://127.0.0.1:40123 (no trailing slash). */
  url: string;
  token: string;
  /** `url + path` with the token as query parameter (to open pages in the browser). */
  pageUrl(path: string): string;
  /** The server's output so far (stdout and stderr). */
  log(): string;
  /** Shut the kernels down and end the server's process group. */
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer();
    srv.unref();
    srv.on("error", rej);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => res(port));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* already gone */
  }
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((res) => {
    if (child.exitCode !== null || child.signalCode !== null) res();
    else child.once("exit", () => res());
  });
}

/** Start the JupyterLab server; resolves when /api/status answers. */
export async function startLab(options: StartLabOptions): Promise<Lab> {
  if (!labIsBuilt()) throw new Error(`${LAB_BUILD} is missing: run bash scripts/build-lab.sh`);
  const port = options.port ?? (await freePort());
  const token = options.token ?? randomBytes(16).toString("hex");
  const url = `http://127.0.0.1:${port}`;
  const args = ["-Xfrozen_modules=off", join(LAB_DIR, "server.py"), "--port", String(port), "--root", resolve(options.root), "--token", token];
  if (process.getuid?.() === 0) args.push("--allow-root");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    JUPYTER_PATH: [REPO_ROOT, process.env.JUPYTER_PATH].filter(Boolean).join(":"),
    PYDEVD_DISABLE_FILE_VALIDATION: "1",
    P53LAB_LABEXTENSIONS: options.labextensions ?? "",
    ...options.env,
  };
  // detached: the server leads its own process group, so stop() can end it with its children.
  const child = spawn(PYTHON, args, { cwd: LAB_DIR, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout!.on("data", (d) => (output += d));
  child.stderr!.on("data", (d) => (output += d));
  let spawnError: Error | null = null;
  child.on("error", (e) => (spawnError = e));

  const auth = { Authorization: `token ${token}` };
  const lab: Lab = {
    url,
    token,
    pageUrl: (path: string) => `${url}${path}${path.includes("?") ? "&" : "?"}token=${token}`,
    log: () => output,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        // Kernels run in their own sessions: shut them down through the API first.
        try {
          const r = await fetch(`${url}/api/kernels`, { headers: auth, signal: AbortSignal.timeout(3000) });
          const kernels = (await r.json()) as { id: string }[];
          await Promise.all(
            kernels.map((k) => fetch(`${url}/api/kernels/${k.id}`, { method: "DELETE", headers: auth, signal: AbortSignal.timeout(5000) }).catch(() => undefined)),
          );
        } catch {
          /* server not answering: kill it anyway */
        }
        killGroup(child, "SIGTERM");
        const done = await Promise.race([exited(child).then(() => true), sleep(5000).then(() => false)]);
        if (!done) killGroup(child, "SIGKILL");
        await Promise.race([exited(child), sleep(2000)]);
      }
      // Whatever is left in the group (e.g. a kernel the API did not stop).
      killGroup(child, "SIGKILL");
    },
  };

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  for (;;) {
    if (spawnError) throw new Error(`cannot start ${PYTHON}: ${(spawnError as Error).message}`);
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`the JupyterLab server exited (${child.exitCode ?? child.signalCode}) before answering:\n${output}`);
    }
    try {
      const r = await fetch(`${url}/api/status`, { headers: auth, signal: AbortSignal.timeout(1000) });
      if (r.ok) return lab;
    } catch {
      /* not yet listening */
    }
    if (Date.now() > deadline) {
      await lab.stop();
      throw new Error(`the JupyterLab server did not answer on ${url} within ${options.timeoutMs ?? 30_000} ms:\n${output}`);
    }
    await sleep(200);
  }
}

export interface Chromium {
  context: BrowserContext;
  userDataDir: string;
  close(): Promise<void>;
}

/** Headless Chromium (/usr/bin/chromium) with a fresh profile (user-data-dir) of its own. */
export async function launchChromium(options: { viewport?: { width: number; height: number } } = {}): Promise<Chromium> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const userDataDir = mkdtempSync(join(tmpdir(), "p53lab-chromium-"));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: options.viewport ?? { width: 1280, height: 900 },
  });
  return {
    context,
    userDataDir,
    async close() {
      await context.close().catch(() => undefined);
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** A console error, page error or failed request seen in the page. */
export interface PageProblem {
  kind: "pageerror" | "console" | "requestfailed" | "http";
  text: string;
}

export interface OpenedLab {
  page: Page;
  /** Everything that went wrong in the page so far (grows while the page lives). */
  problems: PageProblem[];
  /** Every URL the page requested. */
  requests: string[];
  /** All console messages as "type: text". */
  console: string[];
}

/**
 * Open a JupyterLab URL in a new page and wait until the application has started and restored
 * its layout (`window.jupyterapp` is exposed by the page config).
 */
export async function openLab(context: BrowserContext, url: string, timeoutMs = 60_000): Promise<OpenedLab> {
  const page = await context.newPage();
  const problems: PageProblem[] = [];
  const requests: string[] = [];
  const consoleLines: string[] = [];
  page.on("pageerror", (e) => problems.push({ kind: "pageerror", text: `${e.message}\n${e.stack ?? ""}` }));
  page.on("console", (m: ConsoleMessage) => {
    consoleLines.push(`${m.type()}: ${m.text()}`);
    if (m.type() === "error") problems.push({ kind: "console", text: m.text() });
  });
  page.on("request", (r) => requests.push(r.url()));
  const answered = new WeakSet<Request>();
  page.on("response", (r) => {
    answered.add(r.request());
    if (r.status() >= 400) problems.push({ kind: "http", text: `${r.status()} ${r.request().method()} ${r.url()}` });
  });
  page.on("requestfailed", (r) => {
    const error = r.failure()?.errorText ?? "";
    // Chromium reports a fetch whose (empty, e.g. 204) body is never read as net::ERR_ABORTED
    // after its response has arrived (JupyterLab's workspace saves): not a failure.
    if (answered.has(r) && error === "net::ERR_ABORTED") return;
    problems.push({ kind: "requestfailed", text: `${r.method()} ${r.url()}: ${error}` });
  });
  await page.goto(url, { waitUntil: "domcontentloaded", timeout: timeoutMs });
  try {
    await page.waitForFunction(() => document.body.dataset.p53labRestored === "true", undefined, { timeout: timeoutMs, polling: 100 });
  } catch (e) {
    throw new Error(`JupyterLab did not start within ${timeoutMs} ms: ${(e as Error).message}\npage problems:\n${problems.map((p) => `${p.kind}: ${p.text}`).join("\n")}`);
  }
  return { page, problems, requests, console: consoleLines };
}

/**
 * Wait until the current notebook's kernel is started and idle (not starting/busy); returns its
 * name. Fails on a dead kernel or one that does not become idle in time.
 */
export async function waitForKernelIdle(page: Page, timeoutMs = 60_000): Promise<string> {
  const status = () =>
    page
      .evaluate(() => {
        // eslint-disable-next-line @typescript-eslint/no-explicit-any
        const ctx = (window as any).jupyterapp?.shell?.currentWidget?.sessionContext;
        const kernel = ctx?.session?.kernel;
        return kernel ? `kernel ${kernel.name}: ${kernel.status}, ${kernel.connectionStatus}` : `no kernel (session context ${ctx ? "present" : "missing"})`;
      })
      .catch((e) => `unknown (${(e as Error).message})`);
  const handle = await page.waitForFunction(
    () => {
      // eslint-disable-next-line @typescript-eslint/no-explicit-any
      const app = (window as any).jupyterapp;
      const widget = app?.shell?.currentWidget;
      const ctx = widget?.sessionContext;
      const kernel = ctx?.session?.kernel;
      if (!kernel) return false;
      if (kernel.status === "dead") return `dead:${kernel.name}`;
      return ctx.isReady && kernel.status === "idle" && kernel.connectionStatus === "connected" ? kernel.name : false;
    },
    undefined,
    { timeout: timeoutMs, polling: 200 },
  ).catch(async (e) => {
    throw new Error(`the notebook's kernel did not become idle within ${timeoutMs} ms (${await status()}): ${(e as Error).message}`);
  });
  const name = (await handle.jsonValue()) as string;
  if (name.startsWith("dead:")) throw new Error(`the kernel ${name.slice(5)} died`);
  return name;
}

/** Run a JupyterLab command (e.g. "notebook:run-all-cells") through window.jupyterapp. */
export async function runCommand(page: Page, id: string, args: Record<string, unknown> = {}): Promise<unknown> {
  return page.evaluate(
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    ([id, args]) => (window as any).jupyterapp.commands.execute(id, args),
    [id, args] as const,
  );
}
