/**
 * Design formulas and model matrices, as R's `model.matrix` with treatment contrasts
 * and DESeq2's coefficient names: `~ cell_line + condition` gives columns
 * `Intercept, cell_line_mcf7_vs_hct116, condition_nutlin_vs_dmso`.
 */
import { InputError } from "../io/errors";
import type { SampleTable } from "../io/samples";
import { householderQR, Matrix } from "../stats/linalg";

/** One variable of the design. */
export interface DesignVariable {
  name: string;
  kind: "factor" | "numeric";
  /** Factor levels, reference first. */
  levels?: string[];
}

/** A model matrix with its column names. */
export interface Design {
  formula: string;
  /** Samples x coefficients, row-major. */
  matrix: Matrix;
  /** DESeq2-style coefficient names (`resultsNames`). */
  columns: string[];
  variables: DesignVariable[];
  hasIntercept: boolean;
  samples: string[];
}

/** Options for {@link modelMatrix}. */
export interface DesignOptions {
  /** Reference level per factor, e.g. `{ condition: "dmso" }`. Default: the first level in sorted order (as R). */
  reference?: Record<string, string>;
  /** Variables to treat as factors even when their values look numeric. */
  factors?: string[];
  /** Level order per factor (reference first); overrides sorting. */
  levels?: Record<string, string[]>;
}

interface Term {
  vars: string[];
}

/**
 * Parse a formula such as `~ cell_line + condition + cell_line:condition`, `~ dose` or `~ 1`.
 * `a*b` expands to `a + b + a:b`; `0 +` or `- 1` removes the intercept.
 *
 * @example
 * parseFormula("~ a + b + a:b").terms.map((t) => t.vars.join(":")); // ["a", "b", "a:b"]
 */
export function parseFormula(formula: string): { terms: Term[]; intercept: boolean } {
  const f = formula.trim();
  if (!f.startsWith("~")) throw new InputError(`a design formula starts with "~", got "${formula}"`, "design");
  let rhs = f.slice(1).replace(/\s+/g, "");
  if (rhs === "") throw new InputError(`empty design formula "${formula}"`, "design");
  let intercept = true;
  if (/(^|\+)0(\+|$)/.test(rhs) || /-1(\+|$)/.test(rhs)) {
    intercept = false;
    rhs = rhs.replace(/(^|\+)0(?=\+|$)/, "$1").replace(/-1(?=\+|$)/, "");
  }
  const terms: Term[] = [];
  const add = (vars: string[]) => {
    const key = vars.join(":");
    if (!terms.some((t) => t.vars.join(":") === key)) terms.push({ vars });
  };
  for (const part of rhs.split("+").filter((p) => p !== "" && p !== "1")) {
    if (!/^[A-Za-z.][A-Za-z0-9._]*([:*][A-Za-z.][A-Za-z0-9._]*)*$/.test(part)) {
      throw new InputError(`cannot read the term "${part}" in "${formula}" (use names, + , : and *)`, "design");
    }
    if (part.includes("*")) {
      const vars = part.split("*");
      for (let mask = 1; mask < 1 << vars.length; mask++) {
        add(vars.filter((_, i) => mask & (1 << i)));
      }
      continue;
    }
    add(part.split(":"));
  }
  terms.sort((a, b) => a.vars.length - b.vars.length);
  return { terms, intercept };
}

const NUMERIC = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function makeName(s: string): string {
  let out = s.replace(/[^A-Za-z0-9._]/g, ".");
  if (!/^[A-Za-z.]/.test(out) || /^\.\d/.test(out)) out = "X" + out;
  return out;
}

/**
 * Build the model matrix for `formula` over the samples of `samples`.
 * Errors name unknown variables, single-level factors and confounded coefficients.
 *
 * @example
 * const d = modelMatrix("~ condition", samples, { reference: { condition: "dmso" } });
 * d.columns; // ["Intercept", "condition_nutlin_vs_dmso"]
 */
export function modelMatrix(formula: string, samples: SampleTable, options: DesignOptions = {}): Design {
  const { terms, intercept } = parseFormula(formula);
  const m = samples.samples.length;
  const variables = new Map<string, DesignVariable & { values: string[] }>();
  for (const t of terms) {
    for (const v of t.vars) {
      if (variables.has(v)) continue;
      if (!samples.variables.includes(v)) {
        throw new InputError(`the design uses "${v}", which is not a sample-table column (columns: ${samples.variables.join(", ")})`, "design");
      }
      const values = samples.get(v);
      const empty = values.findIndex((x) => x.trim() === "" || x === "NA");
      if (empty >= 0) throw new InputError(`"${v}" is missing for sample ${samples.samples[empty]}`, "design");
      const numeric = !options.factors?.includes(v) && !options.levels?.[v] && values.every((x) => NUMERIC.test(x.trim()));
      if (numeric) {
        variables.set(v, { name: v, kind: "numeric", values });
        continue;
      }
      let levels = options.levels?.[v] ?? [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
      const unknown = [...new Set(values)].filter((x) => !levels.includes(x));
      if (unknown.length) throw new InputError(`levels given for "${v}" miss ${unknown.join(", ")}`, "design");
      const ref = options.reference?.[v];
      if (ref !== undefined) {
        if (!levels.includes(ref)) throw new InputError(`reference level "${ref}" is not a level of "${v}" (levels: ${levels.join(", ")})`, "design");
        levels = [ref, ...levels.filter((l) => l !== ref)];
      }
      if (levels.length < 2) throw new InputError(`the factor "${v}" has a single level (${levels[0]}): it cannot be in the design`, "design");
      variables.set(v, { name: v, kind: "factor", levels, values });
    }
  }
  for (const ref of Object.keys(options.reference ?? {})) {
    if (!variables.has(ref)) throw new InputError(`a reference level is given for "${ref}", which is not in the design ${formula}`, "design");
  }

  // Columns: intercept, then each term; a factor in a term contributes its non-reference levels
  // when the intercept (or, for interactions, the main effects) absorb the reference, as R does.
  const cols: { name: string; values: Float64Array }[] = [];
  if (intercept) cols.push({ name: "Intercept", values: new Float64Array(m).fill(1) });
  const seenMain = new Set<string>();
  for (const t of terms) {
    let parts: { label: string; values: Float64Array; main: string }[] = [{ label: "", values: new Float64Array(m).fill(1), main: "" }];
    for (const v of t.vars) {
      const info = variables.get(v)!;
      const next: typeof parts = [];
      for (const p of parts) {
        if (info.kind === "numeric") {
          const x = info.values.map(Number);
          next.push({ label: p.label ? `${p.label}:${v}` : v, values: p.values.map((y, i) => y * x[i]), main: v });
        } else {
          // Full dummy coding only for a factor that is the first term without an intercept.
          const full = !intercept && t.vars.length === 1 && seenMain.size === 0;
          const levels = full ? info.levels! : info.levels!.slice(1);
          for (const level of levels) {
            const values = p.values.map((y, i) => (info.values[i] === level ? y : 0));
            const label = `${v}${level}`;
            next.push({ label: p.label ? `${p.label}:${label}` : label, values, main: `${v}|${level}|${info.levels![0]}|${full}` });
          }
        }
      }
      parts = next;
    }
    for (const p of parts) {
      let name: string;
      if (t.vars.length === 1 && variables.get(t.vars[0])!.kind === "factor" && intercept) {
        const [v, level, ref] = p.main.split("|");
        name = makeName(`${v}_${level}_vs_${ref}`);
      } else {
        name = makeName(p.label);
      }
      cols.push({ name, values: p.values });
    }
    t.vars.forEach((v) => seenMain.add(v));
  }
  if (cols.length === 0) throw new InputError(`the design ${formula} has no coefficients`, "design");
  const p = cols.length;
  const data = new Float64Array(m * p);
  cols.forEach((c, j) => c.values.forEach((v, i) => (data[i * p + j] = v)));
  const mat: Matrix = { rows: m, cols: p, data };
  const dup = cols.find((c, i) => cols.findIndex((d) => d.name === c.name) !== i);
  if (dup) throw new InputError(`two coefficients would both be called "${dup.name}"`, "design");
  const qr = householderQR(mat);
  if (qr.dependent.length) {
    const names = qr.dependent.map((j) => cols[j].name);
    throw new InputError(
      `the model matrix is not full rank: ${names.join(", ")} ${names.length === 1 ? "is a linear combination" : "are linear combinations"} of ` +
        `the other columns (${qr.independent.map((j) => cols[j].name).join(", ")}); variables in the design are confounded ` +
        `(e.g. a batch that coincides with a condition) or a level combination has no samples`,
      `design ${formula}`,
    );
  }
  if (m <= p) {
    throw new InputError(
      `${m} samples for ${p} coefficients: there are no replicates to estimate the dispersion; use fewer terms or more samples`,
      `design ${formula}`,
    );
  }
  return {
    formula,
    matrix: mat,
    columns: cols.map((c) => c.name),
    variables: [...variables.values()].map(({ name, kind, levels }) => (levels ? { name, kind, levels } : { name, kind })),
    hasIntercept: intercept,
    samples: samples.samples.slice(),
  };
}
