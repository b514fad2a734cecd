"""Execute a notebook with nbclient and export it to HTML with nbconvert.

Called by `p53lab report` (kernel-lib/src/report/render.ts); not a user entry point.
Usage: p53lab_report.py NOTEBOOK OUT_HTML TEMPLATE_DIR KERNEL_NAME TIMEOUT_SECONDS EXECUTED_IPYNB

Exit codes: 0 success; 2 a cell failed (details as JSON on stdout); 3 other failure.
"""
import json
import os
import sys


def fail(code, payload):
    sys.stdout.write(json.dumps(payload) + "\n")
    sys.stdout.flush()
    sys.exit(code)


def main():
    nb_path, out_html, template_dir, kernel_name, timeout, out_ipynb = sys.argv[1:7]
    try:
        import nbformat
        from nbclient import NotebookClient
        from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
        from nbconvert import HTMLExporter
    except ImportError as e:
        fail(3, {"error": "missing-python-package", "message": str(e)})

    try:
        nb = nbformat.read(nb_path, as_version=4)
    except Exception as e:  # malformed notebook JSON
        fail(3, {"error": "bad-notebook", "message": f"{nb_path}: not a readable notebook ({e})"})

    failed = {}

    def on_cell_error(cell, cell_index, execute_reply):
        failed["index"] = cell_index
        failed["source"] = cell.source
        texts = []
        for out in cell.get("outputs", []):
            if out.get("output_type") == "stream":
                texts.append(out.get("text", ""))
            elif out.get("output_type") == "error":
                texts.append(f"{out.get('ename')}: {out.get('evalue')}")
        content = execute_reply.get("content", {}) if execute_reply else {}
        if content.get("ename"):
            texts.append(f"{content.get('ename')}: {content.get('evalue')}")
        failed["output"] = "".join(texts)

    client = NotebookClient(
        nb,
        kernel_name=kernel_name,
        timeout=int(timeout),
        startup_timeout=120,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(nb_path))}},
        on_cell_error=on_cell_error,
    )
    try:
        client.execute()
    except CellTimeoutError as e:
        fail(2, {"error": "cell-timeout", "message": str(e).splitlines()[0] if str(e) else "timeout", **failed})
    except CellExecutionError:
        fail(2, {"error": "cell-error", **failed})
    except DeadKernelError as e:
        fail(3, {"error": "dead-kernel", "message": str(e), **failed})
    except Exception as e:  # kernel not found, start-up failure, ...
        fail(3, {"error": type(e).__name__, "message": str(e), **failed})

    nbformat.write(nb, out_ipynb)
    exporter = HTMLExporter(extra_template_basedirs=[template_dir], template_name="p53lab")
    body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": os.path.splitext(os.path.basename(nb_path))[0]}})
    with open(out_html, "w", encoding="utf-8") as fh:
        fh.write(body)
    fail(0, {"ok": True, "cells": len(nb.cells)})


if __name__ == "__main__":
    main()
