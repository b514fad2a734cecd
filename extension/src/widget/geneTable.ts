/**
 * The sortable, filterable gene table. Rows are rendered as text; at most `maxRows` are in the
 * DOM at once (the rest are counted), so 20k+ genes stay responsive. Rows are focusable and
 * toggle selection with a click, Enter or Space.
 */
import { el, clear } from "./dom";

export interface TableColumn {
  key: string;
  title: string;
  /** Numeric value for sorting (null sorts last), or text. */
  value(i: number): number | string | null;
  text(i: number): string;
  numeric: boolean;
}

export interface TableCallbacks {
  isSelected(i: number): boolean;
  onToggle(i: number, additive: boolean): void;
}

export class GeneTable {
  readonly node: HTMLDivElement;
  private tbody: HTMLTableSectionElement;
  private thead: HTMLTableSectionElement;
  private footer: HTMLDivElement;
  private columns: TableColumn[] = [];
  private rows: number[] = [];
  sortKey = "padj";
  sortAsc = true;
  readonly maxRows = 400;
  /** Rows currently listed (after filter and sort), for exports. */
  visible: number[] = [];

  constructor(private cb: TableCallbacks, private onSortChange: () => void) {
    this.thead = el("thead");
    this.tbody = el("tbody");
    this.footer = el("div", { class: "p53sw-table-footer", "aria-live": "polite" });
    const table = el("table", { class: "p53sw-table", role: "grid", "aria-label": "Genes" }, [this.thead, this.tbody]);
    this.node = el("div", { class: "p53sw-table-wrap" }, [el("div", { class: "p53sw-table-scroll" }, [table]), this.footer]);
  }

  setColumns(columns: TableColumn[]): void {
    this.columns = columns;
    if (!columns.some((c) => c.key === this.sortKey)) this.sortKey = columns[0].key;
  }

  /** Show these gene indices (already filtered), sorted by the current column. */
  setRows(rows: number[]): void {
    this.rows = rows;
    this.render();
  }

  render(): void {
    const col = this.columns.find((c) => c.key === this.sortKey) ?? this.columns[0];
    const sorted = this.rows.slice();
    const dir = this.sortAsc ? 1 : -1;
    sorted.sort((a, b) => {
      const va = col.value(a), vb = col.value(b);
      if (va === null && vb === null) return a - b;
      if (va === null) return 1;
      if (vb === null) return -1;
      if (typeof va === "number" && typeof vb === "number") return (va - vb) * dir || a - b;
      return String(va).localeCompare(String(vb)) * dir || a - b;
    });
    this.visible = sorted;
    clear(this.thead);
    const hr = el("tr");
    for (const c of this.columns) {
      const active = c.key === this.sortKey;
      const th = el("th", {
        scope: "col",
        tabindex: 0,
        class: c.numeric ? "p53sw-num" : undefined,
        "aria-sort": active ? (this.sortAsc ? "ascending" : "descending") : "none",
        "data-key": c.key,
        title: `Sort by ${c.title}`,
      }, [c.title + (active ? (this.sortAsc ? " ▲" : " ▼") : "")]);
      const sort = () => {
        if (this.sortKey === c.key) this.sortAsc = !this.sortAsc;
        else {
          this.sortKey = c.key;
          this.sortAsc = c.key === "padj" || c.key === "gene";
        }
        this.render();
        this.onSortChange();
      };
      th.addEventListener("click", sort);
      th.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" || ev.key === " ") {
          ev.preventDefault();
          sort();
        }
      });
      hr.appendChild(th);
    }
    this.thead.appendChild(hr);
    clear(this.tbody);
    const shown = sorted.slice(0, this.maxRows);
    const frag = document.createDocumentFragment();
    for (const i of shown) {
      const sel = this.cb.isSelected(i);
      const tr = el("tr", { tabindex: 0, "aria-selected": sel ? "true" : "false", "data-gene": i, class: sel ? "p53sw-selected" : undefined });
      for (const c of this.columns) tr.appendChild(el("td", { class: c.numeric ? "p53sw-num" : undefined, text: c.text(i) }));
      tr.addEventListener("click", (ev) => this.cb.onToggle(i, ev.shiftKey || ev.ctrlKey || ev.metaKey));
      tr.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter" || ev.key === " ") {
          ev.preventDefault();
          this.cb.onToggle(i, true);
        } else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
          ev.preventDefault();
          const next = (ev.key === "ArrowDown" ? tr.nextElementSibling : tr.previousElementSibling) as HTMLElement | null;
          next?.focus();
        }
      });
      frag.appendChild(tr);
    }
    this.tbody.appendChild(frag);
    const more = sorted.length - shown.length;
    this.footer.textContent = `${sorted.length.toLocaleString("en")} gene${sorted.length === 1 ? "" : "s"}` + (more > 0 ? `; first ${shown.length} shown (filter or sort to see others)` : "");
  }
}

