/**
 * The GMT gene-set file viewer: opening a `.gmt` file in JupyterLab shows its sets (name, size,
 * description), a search over set and gene names, the genes of the chosen set, and a copy button.
 * Problems in the file are listed by line; the rest is still shown.
 */
import { Widget } from "@lumino/widgets";
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { el, clear } from "./widget/dom";
import { copyText } from "./widget/export";
import { injectStyle } from "./widget/style";

export const GMT_MIME = "text/x-gmt";

export interface GmtSet {
  name: string;
  description: string;
  genes: string[];
  line: number;
}

/** Parse GMT text: one set per line, `name<TAB>description<TAB>gene...`. */
export function parseGmt(text: string): { sets: GmtSet[]; problems: string[] } {
  const sets: GmtSet[] = [];
  const problems: string[] = [];
  const seen = new Map<string, number>();
  text.split(/\r?\n/).forEach((raw, k) => {
    const line = k + 1;
    if (!raw.trim() || raw.startsWith("#")) return;
    const f = raw.split("\t");
    if (f.length < 3) {
      problems.push(`line ${line}: expected a name, a description and genes separated by tabs (found ${f.length} field${f.length === 1 ? "" : "s"})`);
      return;
    }
    const name = f[0].trim();
    if (!name) {
      problems.push(`line ${line}: empty set name`);
      return;
    }
    if (seen.has(name)) problems.push(`line ${line}: set "${name}" repeats line ${seen.get(name)}`);
    seen.set(name, line);
    const genes = [...new Set(f.slice(2).map((g) => g.trim()).filter((g) => g))];
    if (!genes.length) problems.push(`line ${line}: set "${name}" has no genes`);
    sets.push({ name, description: f[1].trim(), genes, line });
  });
  return { sets, problems };
}

export class GmtRenderer extends Widget implements IRenderMime.IRenderer {
  constructor(private options: IRenderMime.IRendererOptions) {
    super();
    this.addClass("p53lab-gmt-renderer");
    this.node.style.overflow = "auto";
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    injectStyle(this.node.ownerDocument);
    const text = String(model.data[this.options.mimeType] ?? "");
    const { sets, problems } = parseGmt(text);
    clear(this.node);
    const root = el("div", { class: "p53sw p53sw-gmt", role: "region", "aria-label": "Gene-set browser" });
    this.node.appendChild(root);
    const search = el("input", { type: "search", class: "p53sw-search", placeholder: "Search sets and genes", "aria-label": "Search sets and genes" });
    const count = el("div", { class: "p53sw-status", "aria-live": "polite" });
    const list = el("tbody");
    const detail = el("div", { class: "p53sw-panel p53sw-gmt-detail" });
    root.append(
      el("h3", { text: `Gene sets: ${sets.length}` }),
      el("div", { class: "p53sw-toolbar" }, [search]),
      count,
      el("div", { class: "p53sw-error", role: problems.length ? "alert" : undefined, hidden: problems.length === 0, text: problems.length ? `Problems in this file:\n${problems.slice(0, 20).join("\n")}${problems.length > 20 ? `\n... and ${problems.length - 20} more` : ""}` : "" }),
      el("div", { class: "p53sw-grid" }, [
        el("div", { class: "p53sw-panel p53sw-table-scroll" }, [
          el("table", { class: "p53sw-table", role: "grid", "aria-label": "Gene sets" }, [
            el("thead", {}, [el("tr", {}, [el("th", { text: "Set" }), el("th", { class: "p53sw-num", text: "Genes" }), el("th", { text: "Description" })])]),
            list,
          ]),
        ]),
        detail,
      ]),
    );
    const show = (s: GmtSet) => {
      clear(detail);
      const msg = el("span", { class: "p53sw-small", "aria-live": "polite" });
      const copy = el("button", { type: "button", class: "p53sw-copy", text: "Copy genes" });
      copy.addEventListener("click", async () => {
        msg.textContent = (await copyText(s.genes.join("\n"))) ? `Copied ${s.genes.length} genes.` : "The browser refused clipboard access.";
      });
      detail.append(
        el("h4", { text: s.name }),
        el("div", { class: "p53sw-small", text: `${s.genes.length} genes; line ${s.line}${s.description ? `; ${s.description}` : ""}` }),
        el("div", { class: "p53sw-exports" }, [copy, msg]),
        el("div", { class: "p53sw-chips p53sw-gmt-genes" }, s.genes.map((g) => el("span", { class: "p53sw-chip", text: g }))),
      );
    };
    const render = () => {
      const q = search.value.trim().toLowerCase();
      clear(list);
      let k = 0;
      for (const s of sets) {
        if (q && !s.name.toLowerCase().includes(q) && !s.genes.some((g) => g.toLowerCase() === q)) continue;
        k++;
        if (k > 1000) continue;
        const tr = el("tr", { tabindex: 0, "data-set": s.name }, [el("td", { text: s.name }), el("td", { class: "p53sw-num", text: String(s.genes.length) }), el("td", { text: s.description })]);
        tr.addEventListener("click", () => show(s));
        tr.addEventListener("keydown", (ev) => {
          if (ev.key === "Enter" || ev.key === " ") {
            ev.preventDefault();
            show(s);
          }
        });
        list.appendChild(tr);
      }
      count.textContent = q ? `${k} set${k === 1 ? "" : "s"} match "${search.value.trim()}" (by set name, or containing the gene)` : `${sets.length} sets`;
    };
    search.addEventListener("input", render);
    render();
    if (sets.length) show(sets[0]);
  }
}
