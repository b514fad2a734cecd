import { describe, it, expect } from "vitest";
import { BASE_LAYOUT, figure, GROUP_COLORS, isPlotlyFigure, plotText } from "../../src/plots/figure";

describe("figure", () => {
  it("merges the layout over the defaults and sets config defaults", () => {
    const traces = [{ type: "bar", x: ["a"], y: [1] }];
    const f = figure(traces, { title: { text: "Counts" }, hovermode: "x" });
    expect(f.data).toBe(traces);
    expect(f.layout.title).toEqual({ text: "Counts" });
    expect(f.layout.hovermode).toBe("x"); // user value wins
    for (const k of Object.keys(BASE_LAYOUT).filter((k) => k !== "hovermode")) expect(f.layout[k]).toEqual(BASE_LAYOUT[k]);
    expect(f.config).toEqual({ responsive: true, displaylogo: false });
    expect(figure([], {}, { displaylogo: true, scrollZoom: true }).config).toEqual({
      responsive: true,
      displaylogo: true,
      scrollZoom: true,
    });
  });

  it("does not modify the shared defaults", () => {
    const before = JSON.stringify(BASE_LAYOUT);
    const f = figure([], { margin: { l: 1 } });
    (f.layout as Record<string, unknown>).font = "changed";
    expect(JSON.stringify(BASE_LAYOUT)).toBe(before);
    expect(figure([]).layout.font).toEqual(BASE_LAYOUT.font);
  });

  it("group colours are distinct hex colours", () => {
    expect(new Set(GROUP_COLORS).size).toBe(GROUP_COLORS.length);
    for (const c of GROUP_COLORS) expect(c).toMatch(/^#[0-9A-F]{6}$/i);
  });
});

describe("isPlotlyFigure", () => {
  it("accepts figures and figure-shaped objects", () => {
    expect(isPlotlyFigure(figure([{ type: "scatter" }]))).toBe(true);
    expect(isPlotlyFigure({ data: [{ type: "scatter" }], layout: {} })).toBe(true);
    expect(isPlotlyFigure({ data: [] })).toBe(true);
  });

  it("rejects other values", () => {
    expect(isPlotlyFigure(null)).toBe(false);
    expect(isPlotlyFigure("fig")).toBe(false);
    expect(isPlotlyFigure({ data: "x" })).toBe(false);
    expect(isPlotlyFigure({ data: [1, 2] })).toBe(false);
    expect(isPlotlyFigure({ data: [null] })).toBe(false);
    expect(isPlotlyFigure({ data: [{}], layout: "big" })).toBe(false);
    expect(isPlotlyFigure([{ type: "bar" }])).toBe(false);
  });
});

describe("plotText", () => {
  it("escapes &, < and > so plotly shows data literally", () => {
    expect(plotText("<b>TP53</b>")).toBe("&lt;b&gt;TP53&lt;/b&gt;");
    expect(plotText("A&B")).toBe("A&amp;B");
    expect(plotText("&lt;")).toBe("&amp;lt;");
    expect(plotText("CDKN1A")).toBe("CDKN1A");
    expect(plotText("<br>x")).not.toMatch(/[<>]/);
  });
});
