import { describe, it, expect } from "vitest";
import { Table } from "../../src/io/table";
import { TABLE_MIME, tableBundle } from "../../src/display/table";
import { escapeHtml } from "../../src/display/html";

const PAYLOADS = [
  `<img src=x onerror=alert(1)>`,
  `</script><script>alert("x")</script>`,
  `"><svg onload=alert(1)>`,
];

describe("tableBundle", () => {
  it("has the table JSON, HTML and plain-text mimetypes", () => {
    const b = tableBundle(Table.fromColumns({ gene: ["MDM2"], lfc: [2.1] }));
    expect(Object.keys(b).sort()).toEqual([TABLE_MIME, "text/html", "text/plain"].sort());
    expect(TABLE_MIME).toBe("application/vnd.p53lab.table.v1+json");
  });

  it("the JSON item carries names, kinds, row count and the shown rows with NA as null", () => {
    const t = Table.fromColumns({ gene: ["A", "B", "C"], x: [1.5, NaN, 3] });
    const j = tableBundle(t, { maxRows: 2 })[TABLE_MIME] as Record<string, unknown>;
    expect(j.version).toBe(1);
    expect(j.nRows).toBe(3);
    expect(j.names).toEqual(["gene", "x"]);
    expect(j.kinds).toEqual(["string", "number"]);
    expect(j.rows).toEqual([
      ["A", 1.5],
      ["B", null],
    ]);
    expect(JSON.parse(JSON.stringify(j))).toEqual(j);
  });

  it("gene names, column names and titles carrying HTML/JS appear escaped, never raw", () => {
    const t = Table.fromColumns({ gene: PAYLOADS, [PAYLOADS[0]]: [1, 2, 3] }, PAYLOADS[1]);
    const b = tableBundle(t);
    const html = b["text/html"] as string;
    for (const p of PAYLOADS) {
      expect(html).not.toContain(p);
      expect(html).toContain(escapeHtml(p));
    }
    expect(html.toLowerCase()).not.toContain("<script");
    expect(html.toLowerCase()).not.toContain("<img");
    expect(html.toLowerCase()).not.toContain("<svg");
    // plain text shows the names as they are
    const text = b["text/plain"] as string;
    for (const p of PAYLOADS) expect(text).toContain(p);
  });

  it("shows at most maxRows rows and says how many more there are", () => {
    const n = 25;
    const genes = Array.from({ length: n }, (_, i) => `GENE${String(i).padStart(2, "0")}`);
    const t = Table.fromColumns({ gene: genes, x: genes.map((_, i) => i) });
    const b = tableBundle(t, { maxRows: 7 });
    const html = b["text/html"] as string;
    expect(genes.filter((g) => html.includes(`>${g}<`))).toEqual(genes.slice(0, 7));
    expect(html).toContain(`${n - 7} more rows`);
    expect(html).toContain(`${n} rows x 2 columns, first 7 shown`);
    const text = (b["text/plain"] as string).split("\n");
    expect(text[0]).toBe(`${n} rows x 2 columns, first 7 shown`);
    expect(text.length).toBe(2 + 7);
    expect(genes.filter((g) => text.some((l) => l.startsWith(g)))).toEqual(genes.slice(0, 7));
  });

  it("default shows 10 rows; no 'more rows' when everything is shown", () => {
    const genes = Array.from({ length: 12 }, (_, i) => `G${i}`);
    const b10 = tableBundle(Table.fromColumns({ gene: genes }));
    expect((b10[TABLE_MIME] as { rows: unknown[] }).rows.length).toBe(10);
    expect(b10["text/html"]).toContain("2 more rows");
    const all = tableBundle(Table.fromColumns({ gene: genes.slice(0, 3) }));
    expect(all["text/html"]).not.toMatch(/more rows/);
    expect(all["text/html"]).not.toMatch(/shown/);
  });

  it("dims text uses singular and plural", () => {
    expect((tableBundle(Table.fromColumns({ a: [1] }))["text/plain"] as string).split("\n")[0]).toBe("1 row x 1 column");
    expect((tableBundle(Table.fromColumns({ a: [1, 2], b: [3, 4] }))["text/plain"] as string).split("\n")[0]).toBe(
      "2 rows x 2 columns",
    );
  });

  it("the title comes first (caption by default, option wins); numbers formatted, NA shown", () => {
    const t = Table.fromColumns({ gene: ["A", "B"], p: [1.2e-300, NaN] }, "Caption here");
    const text = (tableBundle(t)["text/plain"] as string).split("\n");
    expect(text[0]).toBe("Caption here");
    expect(text[3]).toMatch(/^A\s+1\.200e-300$/);
    expect(text[4]).toMatch(/^B\s+NA$/);
    expect((tableBundle(t, { title: "Other" })["text/plain"] as string).split("\n")[0]).toBe("Other");
    expect(tableBundle(t)["text/html"]).toContain("Caption here");
  });

  it("plain-text columns are aligned", () => {
    const t = Table.fromColumns({ gene: ["A", "LONGNAME"], x: [1, 22] });
    const lines = (tableBundle(t)["text/plain"] as string).split("\n").slice(1);
    const col = lines.map((l) => l.search(/\S+$/));
    expect(new Set(col).size).toBe(1);
  });

  it("non-finite numbers travel in the JSON item as Inf / -Inf, not null", () => {
    const j = tableBundle(Table.fromColumns({ x: [Infinity, -Infinity, NaN] }))[TABLE_MIME] as { rows: unknown[][] };
    expect(JSON.parse(JSON.stringify(j)).rows).toEqual([["Inf"], ["-Inf"], [null]]);
  });
});
