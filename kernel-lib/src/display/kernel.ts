/**
 * The link to the tslab kernel: detect it and send full MIME bundles through it.
 *
 * tslab's public `display` sends one mimetype at a time; a bundle (custom type +
 * text/html + text/plain) goes through the kernel's own `lastWriteDisplayData`,
 * found in the module cache of the kernel process (tslab/dist/jupyter.js).
 */

/** A Jupyter MIME bundle: mimetype to data. */
export type MimeBundle = Record<string, unknown>;

type WriteDisplayData = (
  msg: { data: MimeBundle; metadata: Record<string, unknown>; transient: { display_id?: string } },
  update: boolean,
) => void;

/**
 * True when running inside a tslab kernel.
 *
 * @example
 * if (inKernel()) console.log("in a notebook");
 */
export function inKernel(): boolean {
  return typeof (globalThis as Record<string, unknown>).__tslab__ !== "undefined";
}

type JupyterModule = { lastWriteDisplayData?: WriteDisplayData | null };
let jupyterModule: JupyterModule | null = null;

/**
 * The writer of the cell now executing. tslab replaces `lastWriteDisplayData` on its
 * jupyter module for every execution, so the module is looked up once and the property
 * read each time.
 */
function findWriter(): WriteDisplayData | null {
  if (!inKernel()) return null;
  if (!jupyterModule) {
    for (const key of Object.keys(require.cache)) {
      if (/[\\/]tslab[\\/]dist[\\/]jupyter\.js$/.test(key)) {
        jupyterModule = (require.cache[key]?.exports as JupyterModule | undefined) ?? null;
        if (jupyterModule) break;
      }
    }
  }
  const write = jupyterModule?.lastWriteDisplayData;
  return typeof write === "function" ? write : null;
}

/** Options for {@link sendBundle}. */
export interface SendOptions {
  /** Display id: later sends with the same id and `update: true` replace the output in place. */
  displayId?: string;
  /** Replace the output that has `displayId` instead of adding a new one. */
  update?: boolean;
  metadata?: Record<string, unknown>;
}

/**
 * Send a bundle to the notebook. Returns false (and sends nothing) outside a kernel.
 *
 * @example
 * sendBundle({ "text/html": "<b>p21</b>", "text/plain": "p21" });
 */
export function sendBundle(bundle: MimeBundle, options: SendOptions = {}): boolean {
  const write = findWriter();
  if (!write) return false;
  write(
    { data: bundle, metadata: options.metadata ?? {}, transient: options.displayId ? { display_id: options.displayId } : {} },
    options.update === true,
  );
  return true;
}
