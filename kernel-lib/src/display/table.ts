/**
 * Rendering a Table as a MIME bundle: a versioned JSON item for front ends, an
 * HTML table (first rows, row/column counts, column types) and plain text.
 */
import { Table, CellValue } from "../io/table";
import { escapeHtml } from "./html";
import { formatNumber } from "./format";
import type { MimeBundle } from "./kernel";

/** Mimetype of p53lab's table JSON. */
export const TABLE_MIME = "application/vnd.p53lab.table.v1+json";

/** Options for {@link tableBundle}. */
export interface TableDisplayOptions {
  /** Rows shown (the first ones). Default 10. */
  maxRows?: number;
  /** Title above the table. Default: the table's caption. */
  title?: string;
  /** Rows of the whole table when `table` holds only its first rows (default: table.nRows). */
  totalRows?: number;
}

function cellText(v: CellValue): string {
  if (v === null) return "NA";
  if (typeof v === "number") return formatNumber(v);
  return String(v);
}

/**
 * A MIME bundle for a table.
 *
 * @example
 * tableBundle(Table.fromColumns({ gene: ["MDM2"], lfc: [2.1] }))["text/plain"];
 * // "1 row x 2 columns\ngene  lfc\nMDM2  2.1"
 */
export function tableBundle(table: Table, options: TableDisplayOptions = {}): MimeBundle {
  const maxRows = options.maxRows ?? 10;
  const shown = Math.min(maxRows, table.nRows);
  const total = Math.max(options.totalRows ?? table.nRows, table.nRows);
  const kinds = table.kinds();
  const title = options.title ?? table.caption;
  const dims = `${total} row${total === 1 ? "" : "s"} x ${table.names.length} column${table.names.length === 1 ? "" : "s"}`;
  const rows: string[][] = [];
  for (let r = 0; r < shown; r++) rows.push(table.names.map((_, c) => cellText(table.cell(r, c))));

  const th = (s: string, extra = "") =>
    `<th style="text-align:left;padding:2px 8px;border-bottom:1px solid var(--jp-border-color1,#bbb)${extra}">${s}</th>`;
  const head = table.names
    .map((n, c) => th(`${escapeHtml(n)}<br><span style="font-weight:normal;opacity:0.6;font-size:85%">${kinds[c]}</span>`))
    .join("");
  const body = rows
    .map(
      (row) =>
        "<tr>" +
        row
          .map((v, c) => `<td style="padding:2px 8px;text-align:${kinds[c] === "number" ? "right" : "left"}">${escapeHtml(v)}</td>`)
          .join("") +
        "</tr>",
    )
    .join("");
  const more = total > shown ? `<div style="opacity:0.7">… ${total - shown} more rows</div>` : "";
  const html =
    `<div class="p53lab-table" style="font-family:var(--jp-code-font-family,monospace);font-size:12px;color:var(--jp-ui-font-color1,#222)">` +
    (title ? `<div style="font-weight:bold;margin-bottom:4px">${escapeHtml(title)}</div>` : "") +
    `<div style="opacity:0.7;margin-bottom:4px">${dims}${shown < total ? `, first ${shown} shown` : ""}</div>` +
    `<table style="border-collapse:collapse"><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>${more}</div>`;

  const widths = table.names.map((n, c) => Math.max(n.length, ...rows.map((r) => r[c].length)));
  const line = (cells: string[]) => cells.map((s, c) => s.padEnd(widths[c])).join("  ").trimEnd();
  const text = [
    ...(title ? [title] : []),
    dims + (shown < total ? `, first ${shown} shown` : ""),
    line(table.names),
    ...rows.map(line),
  ].join("\n");

  return {
    [TABLE_MIME]: {
      version: 1,
      title,
      nRows: total,
      names: table.names,
      kinds,
      // JSON has no Infinity: non-finite numbers travel as the strings "Inf" / "-Inf".
      rows: Array.from({ length: shown }, (_, r) =>
        table.names.map((_, c) => {
          const v = table.cell(r, c);
          return typeof v === "number" && !Number.isFinite(v) ? (v > 0 ? "Inf" : "-Inf") : v;
        }),
      ),
    },
    "text/html": html,
    "text/plain": text,
  };
}
