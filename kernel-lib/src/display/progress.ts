/**
 * A progress reporter for long computations: in a notebook it updates one output
 * in place (bar, percent, items, elapsed and estimated time left); outside a
 * kernel it stays quiet unless asked to write to a stream.
 */
import { randomBytes } from "crypto";
import { escapeHtml } from "./html";
import { inKernel, sendBundle } from "./kernel";

/** Options for {@link progress}. */
export interface ProgressOptions {
  /** Label shown before the bar, e.g. "Fitting dispersions". */
  label?: string;
  /** Minimum milliseconds between two updates of the output. Default 200. */
  intervalMs?: number;
  /** Outside a kernel, write plain-text updates here (default: nothing). */
  stream?: NodeJS.WritableStream;
  /** Clock, for tests. Default Date.now. */
  now?: () => number;
}

/** A running progress display. */
export interface Progress {
  /** Advance by `n` items (default 1). */
  tick(n?: number): void;
  /** Set the number of items done. */
  set(done: number): void;
  /** Mark as finished (shows 100% and the total time). */
  finish(): void;
  /** The text of the current state, e.g. "Fitting: 50% (500/1000) 1.2s, ETA 1.2s". */
  text(): string;
  /** Change the label (e.g. to name the current stage). */
  relabel(label: string): void;
}

function formatSeconds(s: number): string {
  if (!Number.isFinite(s)) return "?";
  if (s < 59.95) return `${s.toFixed(1)}s`;
  const total = Math.round(s);
  const m = Math.floor(total / 60);
  return `${m}m${String(total - 60 * m).padStart(2, "0")}s`;
}

/**
 * Start a progress display for `total` items.
 *
 * @example
 * const p = progress(genes.length, { label: "Fitting genes" });
 * for (const g of genes) { fit(g); p.tick(); }
 * p.finish();
 */
export function progress(total: number, options: ProgressOptions = {}): Progress {
  const now = options.now ?? Date.now;
  let label = options.label ?? "Progress";
  const interval = options.intervalMs ?? 200;
  const start = now();
  const displayId = `p53lab-progress-${randomBytes(6).toString("hex")}`;
  let done = 0;
  let last = -Infinity;
  let sent = false;
  let finished = false;

  const text = (): string => {
    const elapsed = (now() - start) / 1000;
    const frac = total > 0 ? Math.min(1, done / total) : 1;
    const eta = frac > 0 && frac < 1 ? (elapsed / frac) * (1 - frac) : 0;
    return (
      `${label}: ${Math.floor(frac * 100)}% (${done}/${total}) ${formatSeconds(elapsed)}` +
      (finished ? ", done" : frac > 0 ? `, ETA ${formatSeconds(eta)}` : "")
    );
  };

  const render = (force: boolean): void => {
    const t = now();
    if (!force && t - last < interval) return;
    last = t;
    const line = text();
    if (inKernel()) {
      const pct = total > 0 ? Math.min(100, (100 * done) / total) : 100;
      const html =
        `<div class="p53lab-progress" style="font-family:var(--jp-ui-font-family,sans-serif);font-size:12px">` +
        `<progress value="${pct.toFixed(1)}" max="100" style="width:240px;vertical-align:middle"></progress> ` +
        `<span>${escapeHtml(line)}</span></div>`;
      sendBundle({ "text/html": html, "text/plain": line }, { displayId, update: sent });
      sent = true;
    } else if (options.stream) {
      options.stream.write(line + "\n");
    }
  };

  render(true);
  return {
    tick(n = 1) {
      done += n;
      render(false);
    },
    set(d: number) {
      done = d;
      render(false);
    },
    finish() {
      done = total;
      finished = true;
      render(true);
    },
    text,
    relabel(l: string) {
      label = l;
      render(true);
    },
  };
}

/**
 * A progress callback for multi-stage computations (such as `DESeqDataSet.runAsync`): one
 * output, updated in place, naming the current stage and how many stages are done.
 *
 * @example
 * await dds.runAsync({ threads: 2, progress: stageProgress("DESeq2") });
 */
export function stageProgress(label: string, options: Omit<ProgressOptions, "label"> = {}): (stage: string, done: number, total: number) => void {
  let bar: Progress | null = null;
  return (stage, done, total) => {
    if (!bar) bar = progress(total, { ...options, label: `${label}: ${stage}` });
    else bar.relabel(`${label}: ${stage}`);
    if (done >= total) bar.finish();
    else bar.set(done);
  };
}
