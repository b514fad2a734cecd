/**
 * p53lab JupyterLab extension: the interactive gene-signature widget
 * (`application/vnd.p53lab.signature+json`, emitted by `show(signatureWidget(...))` in the kernel)
 * and a viewer for `.gmt` gene-set files.
 */
import type { IRenderMime } from "@jupyterlab/rendermime-interfaces";
import { SIGNATURE_WIDGET_MIME } from "p53lab/dist/display/widget/contract";
import { SignatureRenderer } from "./renderer";
import { GmtRenderer, GMT_MIME } from "./gmt";

const signatureExtension: IRenderMime.IExtension = {
  id: "p53lab-extension:signature",
  rendererFactory: {
    safe: true,
    mimeTypes: [SIGNATURE_WIDGET_MIME],
    createRenderer: (options) => new SignatureRenderer(options),
  },
  // Ahead of text/html (rank 50 in JupyterLab's defaults): the widget, not its fallback.
  rank: 10,
  dataType: "json",
};

const gmtExtension: IRenderMime.IExtension = {
  id: "p53lab-extension:gmt",
  rendererFactory: {
    safe: true,
    mimeTypes: [GMT_MIME],
    createRenderer: (options) => new GmtRenderer(options),
  },
  rank: 10,
  dataType: "string",
  fileTypes: [{ name: "gmt", displayName: "GMT gene sets", mimeTypes: [GMT_MIME], extensions: [".gmt"], fileFormat: "text" }],
  documentWidgetFactoryOptions: {
    name: "GMT gene-set browser",
    primaryFileType: "gmt",
    fileTypes: ["gmt"],
    defaultFor: ["gmt"],
  },
};

const extensions: IRenderMime.IExtension[] = [signatureExtension, gmtExtension];
export default extensions;
