/**
 * The widget's stylesheet, injected once per document (the same code runs in JupyterLab and in
 * exported reports). Colours come from JupyterLab's theme variables, with fallbacks.
 */
const CSS = `
.p53sw { font-family: var(--jp-ui-font-family, system-ui, sans-serif); font-size: var(--jp-ui-font-size1, 13px);
  color: var(--jp-ui-font-color1, #212121); background: var(--jp-layout-color0, #fff); border: 1px solid var(--jp-border-color2, #e0e0e0);
  border-radius: 4px; padding: 8px 10px; box-sizing: border-box; max-width: 100%; }
.p53sw * { box-sizing: border-box; }
.p53sw h3 { font-size: 1.15em; margin: 2px 0 6px; }
.p53sw h4 { font-size: 1em; margin: 8px 0 4px; color: var(--jp-ui-font-color1, #212121); }
.p53sw-toolbar { display: flex; flex-wrap: wrap; gap: 6px 12px; align-items: center; margin-bottom: 6px; }
.p53sw-toolbar label { display: inline-flex; gap: 4px; align-items: center; }
.p53sw select, .p53sw input[type=search], .p53sw button { font: inherit; color: var(--jp-ui-font-color1, #212121);
  background: var(--jp-layout-color1, #fff); border: 1px solid var(--jp-border-color1, #bdbdbd); border-radius: 3px; padding: 2px 6px; }
.p53sw button { cursor: pointer; }
.p53sw input[type=search] { min-width: 230px; }
.p53sw button:hover { background: var(--jp-layout-color2, #eee); }
.p53sw button[aria-pressed=true] { background: var(--jp-brand-color1, #1976d2); color: var(--jp-ui-inverse-font-color1, #fff); border-color: var(--jp-brand-color1, #1976d2); }
.p53sw :focus-visible { outline: 2px solid var(--jp-brand-color1, #1976d2); outline-offset: 1px; }
.p53sw-status { min-height: 1.4em; color: var(--jp-ui-font-color2, #616161); margin: 2px 0 6px; overflow-wrap: anywhere; }
.p53sw-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(330px, 1fr)); gap: 10px; align-items: start; }
.p53sw-panel { min-width: 0; }
.p53sw-plot { position: relative; overflow-x: auto; }
.p53sw-canvas { display: block; cursor: crosshair; }
.p53sw-tip { position: absolute; display: none; pointer-events: none; white-space: pre; z-index: 5; padding: 4px 6px; border-radius: 3px;
  background: var(--jp-layout-color3, #424242); color: var(--jp-ui-inverse-font-color0, #fff); font-size: 12px; max-width: 260px; overflow: hidden; }
.p53sw-brush { position: absolute; display: none; pointer-events: none; border: 1px dashed var(--jp-brand-color1, #1976d2); background: rgba(25,118,210,0.08); }
.p53sw-legend { display: flex; flex-wrap: wrap; gap: 4px 8px; align-items: center; font-size: 11px; color: var(--jp-ui-font-color2, #616161); margin: 2px 0; }
.p53sw-swatch { display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin-left: 6px; }
.p53sw-dot { display: inline-block; width: 9px; height: 9px; border-radius: 50%; margin-left: 6px; }
.p53sw-table-scroll { max-height: 330px; overflow: auto; border: 1px solid var(--jp-border-color2, #e0e0e0); }
.p53sw-table { border-collapse: collapse; width: 100%; font-size: 12px; }
.p53sw-table th { position: sticky; top: 0; background: var(--jp-layout-color2, #eee); cursor: pointer; text-align: left; padding: 3px 6px; user-select: none; }
.p53sw-table td { padding: 2px 6px; border-top: 1px solid var(--jp-border-color3, #eee); white-space: nowrap; }
.p53sw-table tr[data-gene] { cursor: pointer; }
.p53sw-table tr[data-gene]:hover { background: var(--jp-layout-color2, #f5f5f5); }
.p53sw-table tr.p53sw-selected { background: rgba(255, 152, 0, 0.3); }
.p53sw-num { text-align: right; font-variant-numeric: tabular-nums; }
.p53sw-table-footer { font-size: 11px; color: var(--jp-ui-font-color2, #616161); padding: 2px 0; }
.p53sw-filterbar { display: flex; flex-wrap: wrap; gap: 6px 10px; align-items: center; margin: 4px 0; }
.p53sw-exports { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 8px; }
.p53sw-chips { display: flex; flex-wrap: wrap; gap: 4px; margin: 2px 0 6px; }
.p53sw-chips button { font-size: 11px; padding: 0 5px; }
.p53sw-small { font-size: 11px; color: var(--jp-ui-font-color2, #616161); }
.p53sw-cmp-wrap { overflow-x: auto; max-width: 100%; }
.p53sw-cmp { border-collapse: collapse; font-size: 12px; margin: 4px 0; }
.p53sw-cmp tbody th { overflow-wrap: anywhere; max-width: 180px; }
.p53sw-cmp thead th { min-width: 4.5em; }
.p53sw-cmp th, .p53sw-cmp td { border: 1px solid var(--jp-border-color2, #e0e0e0); padding: 2px 8px; }
.p53sw-note { margin-top: 6px; font-style: italic; color: var(--jp-ui-font-color2, #616161); }
.p53sw-error { color: var(--jp-error-color1, #d32f2f); white-space: pre-wrap; }
`;

/** Add the stylesheet to `doc` once. */
export function injectStyle(doc: Document = document): void {
  if (doc.getElementById("p53lab-signature-widget-style")) return;
  const s = doc.createElement("style");
  s.id = "p53lab-signature-widget-style";
  s.textContent = CSS;
  (doc.head ?? doc.documentElement).appendChild(s);
}
