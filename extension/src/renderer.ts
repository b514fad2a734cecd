/**
 * The JupyterLab mime renderer for `application/vnd.p53lab.signature+json`: a Lumino widget that
 * validates the payload and mounts the framework-free signature widget into its node.
 */
import { Widget } from "@lumino/widgets";
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { validateSignaturePayload, SIGNATURE_WIDGET_MIME } from "p53lab/dist/display/widget/contract";
import { mountSignatureWidget, type MountedWidget } from "./widget/mount";
import { el } from "./widget/dom";

export class SignatureRenderer extends Widget implements IRenderMime.IRenderer {
  private mounted: MountedWidget | null = null;

  constructor(private options: IRenderMime.IRendererOptions) {
    super();
    this.addClass("p53lab-signature-renderer");
    this.node.setAttribute("data-mime-type", options.mimeType);
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    this.mounted?.dispose();
    this.mounted = null;
    try {
      const payload = validateSignaturePayload(model.data[this.options.mimeType] ?? model.data[SIGNATURE_WIDGET_MIME]);
      this.mounted = mountSignatureWidget(this.node, payload);
    } catch (e) {
      this.node.textContent = "";
      this.node.appendChild(el("div", { class: "p53sw-error", role: "alert", text: `The p53lab signature widget could not be shown: ${(e as Error).message}` }));
      this.node.setAttribute("data-p53lab-widget", "error");
    }
  }

  dispose(): void {
    this.mounted?.dispose();
    this.mounted = null;
    super.dispose();
  }
}
