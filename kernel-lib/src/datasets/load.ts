/**
 * Loading data sets: a local copy first (`dataDir`, then `P53LAB_DATA`, then a
 * `shared/data` folder beside the project), then the download cache; a download
 * from the pinned public source only when asked for (`download: true` or
 * `P53LAB_ALLOW_DOWNLOAD=1`), checked against its SHA-256.
 */
import { existsSync, mkdirSync, renameSync, writeFileSync, readFileSync } from "fs";
import { homedir } from "os";
import { dirname, join, resolve } from "path";
import { CountMatrix, readCounts } from "../io/counts";
import { SampleTable, readSamples } from "../io/samples";
import { MissingResourceError, InputError } from "../io/errors";
import { sha256Hex } from "../io/provenance";
import { DATASETS, DatasetInfo, DatasetFile, datasetIds } from "./registry";
import { simulateMdm2Experiment, SimulateOptions } from "./simulate";

/** Where a loaded data set came from. */
export type DatasetOrigin = "local" | "cache" | "download" | "simulated";

/** A loaded data set. */
export interface Dataset {
  id: string;
  title: string;
  counts: CountMatrix;
  samples: SampleTable;
  origin: DatasetOrigin;
  /** The folder the files were read from (empty for simulated data). */
  folder: string;
  design: string;
  reference: { variable: string; level: string };
  citation: string;
  /** True for simulated data. */
  simulated: boolean;
  /** One line for figure captions and reports. */
  label: string;
}

/** Options for {@link loadDataset}. */
export interface LoadOptions {
  /** A data folder holding `rnaseq/<dataset>/` (like ../shared/data). */
  dataDir?: string;
  /** Download from the pinned public source when no local or cached copy exists. Default: `P53LAB_ALLOW_DOWNLOAD=1`. */
  download?: boolean;
  /** Cache folder. Default `P53LAB_CACHE`, else ~/.cache/p53lab. */
  cacheDir?: string;
  /** Base URL replacing the pinned one (a mirror); file names stay the same. */
  mirror?: string;
  /**
   * Also look for a `shared/data` folder beside the project and above the working folder.
   * Default true; false looks only in `dataDir` and `P53LAB_DATA`.
   */
  searchShared?: boolean;
}

/** The project's root folder (the one holding kernel-lib), when running from a checkout. */
function projectRoot(): string {
  return resolve(__dirname, "..", "..", "..");
}

/**
 * Candidate data folders, in the order they are tried.
 *
 * @example
 * dataFolders({ dataDir: "/data/p53" }); // ["/data/p53", ...]
 */
export function dataFolders(options: LoadOptions = {}): string[] {
  const out: string[] = [];
  if (options.dataDir) out.push(resolve(options.dataDir));
  if (process.env.P53LAB_DATA) out.push(resolve(process.env.P53LAB_DATA));
  if (options.searchShared === false) return [...new Set(out)];
  out.push(resolve(projectRoot(), "..", "shared", "data"));
  let dir = process.cwd();
  for (let i = 0; i < 6; i++) {
    out.push(join(dir, "shared", "data"), join(dir, "..", "shared", "data"));
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  return [...new Set(out.map((p) => resolve(p)))];
}

/** The cache folder. */
export function cacheFolder(options: LoadOptions = {}): string {
  return resolve(options.cacheDir ?? process.env.P53LAB_CACHE ?? join(homedir(), ".cache", "p53lab"));
}

function info(id: string): DatasetInfo {
  const d = DATASETS[id];
  if (!d) throw new InputError(`unknown data set "${id}"; known: ${datasetIds().join(", ")}`, "loadDataset");
  return d;
}

/** The local folder holding the data set's files, or null. */
export function findLocalCopy(id: string, options: LoadOptions = {}): string | null {
  const d = info(id);
  for (const base of dataFolders(options)) {
    const dir = join(base, d.localDir);
    if (existsSync(join(dir, d.files.counts.name)) && existsSync(join(dir, d.files.samples.name))) return dir;
  }
  return null;
}

function cachedCopy(d: DatasetInfo, options: LoadOptions): string | null {
  const dir = join(cacheFolder(options), d.id);
  const files = [d.files.counts, d.files.samples];
  for (const f of files) {
    const p = join(dir, f.name);
    if (!existsSync(p)) return null;
    if (f.sha256 && sha256Hex(readFileSync(p)) !== f.sha256) return null;
  }
  return dir;
}

async function downloadFile(f: DatasetFile, options: LoadOptions): Promise<string> {
  if (!f.url) throw new MissingResourceError(`no public download is known for ${f.name}`);
  const url = options.mirror ? `${options.mirror.replace(/\/$/, "")}/${f.url.split("/").pop()}` : f.url;
  let res: Response;
  try {
    res = await fetch(url);
  } catch (e) {
    throw new MissingResourceError(`download of ${url} failed (${(e as Error).message}); no network? Give a local copy instead (P53LAB_DATA)`);
  }
  if (!res.ok) throw new MissingResourceError(`download of ${url} failed: HTTP ${res.status}`);
  const text = await res.text();
  const stored = f.normalise ? f.normalise(text) : text;
  const sha = sha256Hex(Buffer.from(stored, "utf8"));
  if (f.sha256 && sha !== f.sha256) {
    throw new MissingResourceError(`download of ${url} has SHA-256 ${sha}, expected ${f.sha256}: the file changed or is damaged; nothing was cached`);
  }
  return stored;
}

/**
 * Download a data set into the cache (explicit, network needed). Returns the folder.
 *
 * @example
 * await fetchDataset("andrysik2017-hct116"); // "~/.cache/p53lab/andrysik2017-hct116"
 */
export async function fetchDataset(id: string, options: LoadOptions = {}): Promise<string> {
  const d = info(id);
  const cached = cachedCopy(d, options);
  if (cached) return cached;
  if (!d.files.counts.url) {
    throw new MissingResourceError(`${id} has no pinned public download. ${d.notes ?? ""} Set P53LAB_DATA to a folder holding ${d.localDir}/`);
  }
  const texts = [await downloadFile(d.files.counts, options), await downloadFile(d.files.samples, options)];
  const dir = join(cacheFolder(options), d.id);
  mkdirSync(dir, { recursive: true });
  [d.files.counts, d.files.samples].forEach((f, i) => {
    const tmp = join(dir, `${f.name}.part`);
    writeFileSync(tmp, texts[i]);
    renameSync(tmp, join(dir, f.name));
  });
  return dir;
}

function fromFolder(d: DatasetInfo, dir: string, origin: DatasetOrigin): Dataset {
  const counts = readCounts(join(dir, d.files.counts.name));
  const samples = readSamples(join(dir, d.files.samples.name)).alignTo(counts);
  return {
    id: d.id,
    title: d.title,
    counts,
    samples,
    origin,
    folder: dir,
    design: d.design,
    reference: d.reference,
    citation: d.citation,
    simulated: false,
    label: `${d.title} (real data: ${d.shortCitation})`,
  };
}

function howToGet(d: DatasetInfo, options: LoadOptions): string {
  return (
    `data set ${d.id} is not available here. Looked for ${d.localDir}/ in: ${dataFolders(options).slice(0, 3).join(", ")}; ` +
    `and in the cache ${join(cacheFolder(options), d.id)}. ` +
    (d.files.counts.url
      ? `Set P53LAB_DATA to a folder holding ${d.localDir}/, or download it once with \`p53lab datasets fetch ${d.id}\` ` +
        `(or loadDataset("${d.id}", { download: true })).`
      : `${d.notes ?? ""} Set P53LAB_DATA to a folder holding ${d.localDir}/.`)
  );
}

/**
 * Load a real data set: local copy, else cache, else (when allowed) download.
 *
 * @example
 * const ds = await loadDataset("andrysik2017-hct116");
 * ds.counts.nGenes; // 28265
 * ds.samples.levels("condition"); // ["dmso", "nutlin"]
 */
export async function loadDataset(id: string, options: LoadOptions = {}): Promise<Dataset> {
  const d = info(id);
  const local = findLocalCopy(id, options);
  if (local) return fromFolder(d, local, "local");
  const cached = cachedCopy(d, options);
  if (cached) return fromFolder(d, cached, "cache");
  const allowed = options.download ?? process.env.P53LAB_ALLOW_DOWNLOAD === "1";
  if (allowed && d.files.counts.url) return fromFolder(d, await fetchDataset(id, options), "download");
  throw new MissingResourceError(howToGet(d, options));
}

/**
 * Load a data set from a local copy or the cache only (never the network).
 *
 * @example
 * loadDatasetSync("andrysik2017-hct116").counts.nSamples; // 4
 */
export function loadDatasetSync(id: string, options: LoadOptions = {}): Dataset {
  const d = info(id);
  const local = findLocalCopy(id, options) ?? cachedCopy(d, options);
  if (!local) throw new MissingResourceError(howToGet(d, options));
  return fromFolder(d, local, local.startsWith(cacheFolder(options)) ? "cache" : "local");
}

/**
 * The default data set: the real HCT116 Nutlin-3a data when a local or cached copy is
 * present, else the simulated Milademetan experiment (labelled SIMULATED). Never downloads.
 *
 * @example
 * const ds = defaultDataset();
 * ds.simulated ? "simulated" : "real";
 */
export function defaultDataset(options: LoadOptions & { simulate?: SimulateOptions; preferSimulated?: boolean } = {}): Dataset {
  if (!options.preferSimulated) {
    try {
      return loadDatasetSync("andrysik2017-hct116", options);
    } catch (e) {
      if (!(e instanceof MissingResourceError)) throw e;
    }
  }
  const sim = simulateMdm2Experiment(options.simulate);
  return {
    id: "simulated-milademetan",
    title: `SIMULATED ${sim.options.drug} experiment`,
    counts: sim.counts,
    samples: sim.samples,
    origin: "simulated",
    folder: "",
    design: "~ condition",
    reference: { variable: "condition", level: "dmso" },
    citation: sim.description,
    simulated: true,
    label: `SIMULATED ${sim.options.drug} experiment (seed ${sim.options.seed}): not real measurements`,
  };
}
