import { describe, it, expect } from "vitest";
import { escapeHtml, scriptJson } from "../../src/display/html";

describe("escapeHtml", () => {
  it("escapes an XSS payload so no tag or attribute quote survives", () => {
    const payload = `<img src=x onerror="alert('xss')">&`;
    const out = escapeHtml(payload);
    expect(out).toBe("&lt;img src=x onerror=&quot;alert(&#39;xss&#39;)&quot;&gt;&amp;");
    expect(out).not.toMatch(/[<>"']/);
  });

  it("escapes & first so entities are not double-decoded", () => {
    expect(escapeHtml("&lt;")).toBe("&amp;lt;");
  });

  it("leaves ordinary gene names alone", () => {
    expect(escapeHtml("CDKN1A")).toBe("CDKN1A");
    expect(escapeHtml("")).toBe("");
  });
});

describe("scriptJson", () => {
  const nasty = {
    title: "</script><script>alert(1)</script>",
    comment: "<!-- x -->",
    amp: "a & b",
    sep: "line\u2028para\u2029end",
    nested: ["</SCRIPT>", { deep: "<script>" }],
    n: 1.5,
  };

  it("never contains </script, <!--, raw < or > or line separators", () => {
    const s = scriptJson(nasty);
    expect(s.toLowerCase()).not.toContain("</script");
    expect(s).not.toContain("<!--");
    expect(s).not.toMatch(/[<>\u2028\u2029]/);
  });

  it("JSON.parse round-trips the value", () => {
    expect(JSON.parse(scriptJson(nasty))).toEqual(nasty);
  });

  it("the value survives being evaluated as a script expression", () => {
    // what a browser does with `var spec=${scriptJson(x)};`
    const value = new Function(`return ${scriptJson(nasty)};`)();
    expect(value).toEqual(nasty);
  });
});
