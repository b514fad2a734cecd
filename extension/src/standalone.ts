/**
 * The standalone widget script carried inline in the `text/html` item of the widget's MIME bundle,
 * so that exported HTML reports (nbconvert) and the classic notebook show the same interactive
 * widget offline. It defines `window.p53labSignatureWidget` once and mounts a widget from the inert
 * JSON `<script id="<host id>-data">` next to its host element.
 */
import { validateSignaturePayload, SIGNATURE_WIDGET_VERSION } from "p53lab/dist/display/widget/contract";
import { mountSignatureWidget, type MountedWidget } from "./widget/mount";
import { el, clear } from "./widget/dom";

interface Api {
  version: number;
  mountById(id: string): MountedWidget | null;
  mount(host: HTMLElement, payload: unknown): MountedWidget | null;
}

declare global {
  interface Window {
    p53labSignatureWidget?: Api;
  }
}

function showError(host: HTMLElement, message: string): null {
  clear(host);
  host.appendChild(el("div", { class: "p53sw-error", role: "alert", text: message }));
  host.setAttribute("data-p53lab-widget", "error");
  return null;
}

function mount(host: HTMLElement, payload: unknown): MountedWidget | null {
  try {
    return mountSignatureWidget(host, validateSignaturePayload(payload));
  } catch (e) {
    return showError(host, `The p53lab signature widget could not be shown: ${(e as Error).message}`);
  }
}

function mountById(id: string): MountedWidget | null {
  const host = document.getElementById(id);
  const data = document.getElementById(`${id}-data`);
  if (!host) return null;
  if (!data) return showError(host, "The widget's data element is missing.");
  let payload: unknown;
  try {
    payload = JSON.parse(data.textContent ?? "");
  } catch (e) {
    return showError(host, `The widget's data are not valid JSON: ${(e as Error).message}`);
  }
  const go = () => mount(host, payload);
  return document.readyState === "loading" ? (document.addEventListener("DOMContentLoaded", go, { once: true }), null) : go();
}

if (!window.p53labSignatureWidget || window.p53labSignatureWidget.version < SIGNATURE_WIDGET_VERSION) {
  window.p53labSignatureWidget = { version: SIGNATURE_WIDGET_VERSION, mountById, mount };
}
