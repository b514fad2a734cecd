/** Exports: clipboard text (with a fallback when the Clipboard API is refused) and file downloads. */

/** Copy text; resolves to true when it worked. */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the textarea method
  }
  const ta = document.createElement("textarea");
  ta.value = text;
  ta.setAttribute("readonly", "");
  ta.style.position = "fixed";
  ta.style.left = "-9999px";
  document.body.appendChild(ta);
  ta.select();
  let ok = false;
  try {
    ok = document.execCommand("copy");
  } catch {
    ok = false;
  }
  document.body.removeChild(ta);
  return ok;
}

/** Offer a file for download (a Blob URL or a data URL). */
export function download(filename: string, content: string | Blob, type = "text/plain"): void {
  const isDataUrl = typeof content === "string" && content.startsWith("data:");
  const url = isDataUrl ? (content as string) : URL.createObjectURL(content instanceof Blob ? content : new Blob([content], { type }));
  const a = document.createElement("a");
  a.href = url;
  a.download = filename;
  a.style.display = "none";
  document.body.appendChild(a);
  a.click();
  document.body.removeChild(a);
  if (!isDataUrl) setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** One CSV field (RFC 4180 quoting; a leading = + - @ is prefixed with ' so spreadsheets do not run it as a formula). */
export function csvField(v: string | number | null): string {
  if (v === null) return "NA";
  let s = String(v);
  if (typeof v === "string" && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A safe file name from free text. */
export function fileName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 60) || "p53lab";
}
