import { describe, it, expect } from "vitest";
import { externalReferences } from "../../src/report/offline";

describe("externalReferences finds what would load from a URL", () => {
  it("script src https", () => {
    expect(externalReferences('<script src="https://cdn.plot.ly/plotly-2.js"></script>')).toEqual(["https://cdn.plot.ly/plotly-2.js"]);
  });

  it("link href file://", () => {
    expect(externalReferences("<link rel='stylesheet' href='file:///home/u/style.css'>")).toEqual(["file:///home/u/style.css"]);
  });

  it("css url(http...) in a style block", () => {
    const html = `<style>body { background: url("http://example.org/bg.png"); }</style>`;
    expect(externalReferences(html)).toEqual(["http://example.org/bg.png"]);
  });

  it("css @import in a style block and url() in a style attribute", () => {
    const html = `<style>@import "https://fonts.example/x.css";</style><div style="background:url(https://x.org/y.png)"></div>`;
    expect(externalReferences(html).sort()).toEqual(["https://fonts.example/x.css", "https://x.org/y.png"]);
  });

  it("protocol-relative //", () => {
    expect(externalReferences('<img src="//cdn.example/x.png">')).toEqual(["//cdn.example/x.png"]);
  });

  it("unquoted attributes, upper case tags and spaces around =", () => {
    expect(externalReferences("<SCRIPT SRC=https://a.b/c.js></SCRIPT>")).toEqual(["https://a.b/c.js"]);
    expect(externalReferences('<iframe title="x" src = "http://a.b/">')).toEqual(["http://a.b/"]);
  });

  it("lists each URL once and keeps all distinct ones", () => {
    const html =
      '<script src="https://a/x.js"></script><script src="https://a/x.js"></script>' +
      '<img src="http://b/y.png"><link href="//c/z.css">';
    expect(externalReferences(html).sort()).toEqual(["//c/z.css", "http://b/y.png", "https://a/x.js"]);
  });

  // Regression test for a fixed bug (src/report/offline.ts externalReferences): the style-attribute pattern only matches
  // double quotes (`\sstyle\s*=\s*"([^"]*)"`), so a single-quoted style attribute loading an
  // image from the network is not reported and a non-self-contained report passes the check.
  it("url() in a single-quoted style attribute", () => {
    expect(externalReferences(`<div style='background:url(https://x.org/y.png)'></div>`)).toEqual(["https://x.org/y.png"]);
  });
});

describe("externalReferences: responsive images", () => {
  it("finds a URL in srcset", () => {
    expect(externalReferences('<img srcset="a.png 1x, https://cdn.example/b.png 2x">')).toEqual(["https://cdn.example/b.png"]);
  });
});

describe("externalReferences ignores what does not load anything", () => {
  it("<a href> links the reader may click", () => {
    expect(externalReferences('<a href="https://doi.org/10.1101/gr.220533.117">paper</a>')).toEqual([]);
    expect(externalReferences("<a href='file:///x'>local</a>")).toEqual([]);
  });

  it("inline data: URIs", () => {
    expect(externalReferences('<img src="data:image/png;base64,iVBORw0KGgo=">')).toEqual([]);
    expect(externalReferences('<style>.x{background:url(data:image/svg+xml;utf8,<svg/>)}</style>')).toEqual([]);
  });

  it("relative and fragment references, and URLs in plain text", () => {
    expect(externalReferences('<img src="figs/a.png"><link href="#top"><p>see https://example.org</p>')).toEqual([]);
  });

  it("an attribute named data-… is not a data= reference", () => {
    expect(externalReferences('<script data-p53lab="plotly.js">var u="x"</script>')).toEqual([]);
  });
});
