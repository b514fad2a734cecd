"""Write a notebook from a plain-text cell list (used to author notebooks/ as reviewable text).

Usage: /usr/bin/python3 scripts/make-notebook.py SOURCE.nb.txt OUT.ipynb
Cells in SOURCE are separated by lines '%% md' or '%% code'.
"""
import sys
import nbformat

src, out = sys.argv[1], sys.argv[2]
cells, kind, buf = [], None, []

def flush():
    if kind is None:
        return
    text = "\n".join(buf).strip("\n")
    cells.append(nbformat.v4.new_markdown_cell(text) if kind == "md" else nbformat.v4.new_code_cell(text))

for line in open(src, encoding="utf-8").read().split("\n"):
    if line.startswith("%% "):
        flush()
        kind, buf = line[3:].strip(), []
    else:
        buf.append(line)
flush()
nb = nbformat.v4.new_notebook(cells=cells)
nb.metadata = {
    "kernelspec": {"name": "tslab", "display_name": "TypeScript (p53lab)", "language": "typescript"},
    "language_info": {"name": "typescript", "file_extension": ".ts", "mimetype": "text/typescript"},
}
for i, c in enumerate(nb.cells):
    c["id"] = f"cell-{i:02d}"
nbformat.write(nb, out)
