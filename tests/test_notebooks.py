"""The notebooks: committed without outputs, and run top to bottom on the seeds (nbclient).

Each notebook runs in a kernel of this interpreter (the ``python3`` kernel of
``.venv``, from ``ipykernel``), with ``notebooks/`` as its working folder, as
``make notebook`` opens it; any cell error fails the test.
"""

from __future__ import annotations

import sys
import time

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import ROOT

NOTEBOOKS = ROOT / "notebooks"
NAMES = ["quickstart", "analysis"]
TIMEOUT = 120  # seconds for one cell: the build is the slowest, ~10 s


def read(name: str) -> nbformat.NotebookNode:
    return nbformat.read(NOTEBOOKS / f"{name}.ipynb", as_version=4)


def run(nb: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, float]:
    started = time.perf_counter()
    NotebookClient(
        nb,
        kernel_name="python3",
        timeout=TIMEOUT,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
        extra_arguments=["--HistoryManager.enabled=False"],
    ).execute()
    return nb, time.perf_counter() - started


def tagged(nb: nbformat.NotebookNode, tag: str) -> nbformat.NotebookNode:
    cells = [c for c in nb.cells if tag in c.get("metadata", {}).get("tags", [])]
    assert len(cells) == 1, f"one cell tagged {tag!r}"
    return cells[0]


def text(cell: nbformat.NotebookNode) -> str:
    """Everything the cell showed: printed text and the plain or HTML form of displays."""
    parts = []
    for output in cell.get("outputs", []):
        parts.append(output.get("text", ""))
        data = output.get("data", {})
        parts += [data.get(mime, "") for mime in ("text/plain", "text/markdown", "text/html")]
    return "\n".join(parts)


def images(cell: nbformat.NotebookNode) -> int:
    return sum("image/png" in o.get("data", {}) for o in cell.get("outputs", []))


@pytest.mark.parametrize("name", NAMES)
def test_notebooks_are_committed_without_outputs(name):
    nb = read(name)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "a notebook with code"
    for cell in code:
        assert cell.outputs == [], f"{name}: a cell has outputs; clear them before committing"
        assert cell.execution_count is None, f"{name}: a cell has an execution count"
    assert nb.metadata.kernelspec.name == "python3"


@pytest.mark.parametrize("name", NAMES)
def test_notebook_cells_only_call_kg(name):
    """The notebooks hold narrative and calls: no function or class is defined in them."""
    for cell in read(name).cells:
        if cell.cell_type == "code":
            assert "def " not in cell.source and "class " not in cell.source, cell.source


def test_the_kernel_is_this_interpreter():
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("import sys, kg, pandas\nprint(sys.executable)")]
    )
    nb, _seconds = run(nb)
    assert nb.cells[0].outputs[0]["text"].strip() == sys.executable


@pytest.mark.model
def test_quickstart_runs_top_to_bottom():
    nb, seconds = run(read("quickstart"))
    print(f"quickstart.ipynb: {seconds:.1f} s")
    assert "<iframe srcdoc=" in text(tagged(nb, "view"))
    assert "Chen Gang" in text(tagged(nb, "query"))
    evidence = text(tagged(nb, "evidence"))
    assert "Xi Jinping" in evidence and "Dilma Rousseff" in evidence
    assert "graph.html" in text(tagged(nb, "save")) and "graph.ttl" in text(tagged(nb, "save"))


@pytest.mark.model
def test_analysis_runs_top_to_bottom():
    nb, seconds = run(read("analysis"))
    print(f"analysis.ipynb: {seconds:.1f} s")
    assert "triples in" in text(tagged(nb, "rdf"))
    cookbook = text(tagged(nb, "cookbook"))
    assert "people_and_roles" in cookbook and "secrétaire" in cookbook
    assert "same as the built graph: True" in text(tagged(nb, "convert"))
    centrality = text(tagged(nb, "centrality"))
    for label in ("Chen Gang", "Chine", "ASEAN", "pagerank", "betweenness"):
        assert label in centrality
    assert "Chen Gang" in text(tagged(nb, "communities"))
    ego = text(tagged(nb, "ego"))
    assert "holdsPosition" in ego and "Assemblée populaire nationale" in ego
    assert "<iframe srcdoc=" in text(tagged(nb, "ego-view"))
    for tag in ("draw", "heatmap", "kinds"):
        assert images(tagged(nb, tag)) == 1, tag
    assert "cooccursWith" in text(tagged(nb, "kinds"))
    assert "<iframe srcdoc=" in text(tagged(nb, "view"))
