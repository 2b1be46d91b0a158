"""Tests of kg.export.outputs: every output of a build, with or without the forked helper
that lays out the page; no spaCy model needed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from test_export_html import sample_graph, star_graph

from conftest import small_kg
from kg.errors import OutputError
from kg.export import outputs
from kg.export.html import layout, to_html
from kg.export.outputs import SERIAL_ENV, can_fork, forked, write_outputs
from kg.export.rdf import rdf_triples

needs_fork = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork (POSIX)")


def children() -> set[int]:
    """Return the ids of this process's children, running or zombie (Linux's /proc)."""
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # gone meanwhile
            continue
        if int(fields[1]) == os.getpid():
            found.add(int(stat.parent.name))
    return found


@pytest.fixture(autouse=True)
def no_child_left():
    """Each test leaves no child behind (another test's server may still run: not ours)."""
    if not Path("/proc/self/stat").exists():
        yield
        return
    before = children()
    yield
    assert children() <= before


# --------------------------------------------------------------------------- the outputs


@needs_fork
@pytest.mark.parametrize("formats", [("ttl",), ("ttl", "nt", "jsonld")])
def test_the_helper_changes_no_byte_of_any_output(tmp_path, formats):
    G = small_kg()
    alone = write_outputs(G, tmp_path / "alone", formats=formats, helper=False)
    helped = write_outputs(G, tmp_path / "helped", formats=formats, helper=True)
    assert (alone.helper, helped.helper) == (False, True)
    names = [p.name for p in helped.paths]
    assert names == [p.name for p in alone.paths]
    assert names == [{"ttl": "graph.ttl", "nt": "graph.nt", "jsonld": "graph.jsonld"}[f]
                     for f in formats] + ["graph.html"]  # fmt: skip
    for a, b in zip(alone.paths, helped.paths, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    assert helped.triples == alone.triples == len(rdf_triples(G))
    for written in (alone, helped):
        assert written.rdf_seconds > 0 and written.html_seconds > 0 and written.seconds > 0


def test_serial_export_env_turns_the_helper_off(tmp_path, monkeypatch):
    monkeypatch.setenv(SERIAL_ENV, "1")
    assert write_outputs(small_kg(), tmp_path).helper is False


def test_default_uses_the_helper_exactly_when_it_can_fork(tmp_path, monkeypatch):
    monkeypatch.delenv(SERIAL_ENV, raising=False)
    assert write_outputs(small_kg(), tmp_path).helper is can_fork()


@needs_fork
def test_a_failed_layout_raises_here_and_keeps_the_previous_page(tmp_path, monkeypatch):
    page = tmp_path / "graph.html"
    page.write_text("previous")

    def broken(*args, **kwargs):
        raise OutputError("the layout broke")

    monkeypatch.setattr(outputs, "layout", broken)
    with pytest.raises(OutputError, match="the layout broke") as caught:
        write_outputs(small_kg(), tmp_path, helper=True)
    assert "raised in the helper process" in "\n".join(caught.value.__notes__)
    assert page.read_text() == "previous"
    # the outputs are replaced together: the new graph.ttl is not left beside the old page
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.html"]


# --------------------------------------------------------------------------- the page's layout


@pytest.mark.parametrize(
    ("graph", "options"),
    [
        (small_kg, {}),
        (small_kg, {"show_misc": True, "seed": 3}),
        (sample_graph, {}),
        (lambda: star_graph(60), {"max_nodes": 20}),
        (lambda: star_graph(60), {"max_nodes": None}),
    ],
)
def test_a_page_drawn_at_its_layout_is_the_same_page(graph, options):
    G = graph()
    page = to_html(G, **options)
    where = layout(G, **options)
    assert to_html(G, positions=where, **options) == page
    asked = []
    assert to_html(G, positions=lambda: asked.append(1) or where, **options) == page
    assert asked == [1]  # the function is called once


def test_positions_must_cover_every_entity_of_the_page():
    G = sample_graph()
    where = layout(G)
    missing = sorted(where)[0]
    del where[missing]
    with pytest.raises(ValueError, match=f"no position for the entity {missing!r}"):
        to_html(G, positions=where)


def test_layout_checks_max_nodes_as_the_page_does():
    with pytest.raises(ValueError, match="max_nodes must be at least 1"):
        layout(sample_graph(), max_nodes=0)


# --------------------------------------------------------------------------- forked


@needs_fork
def test_forked_returns_what_the_child_computed():
    parent = os.getpid()
    with forked(os.getpid) as child:
        assert child() != parent
        assert child() == child()  # asked twice, read once


@needs_fork
def test_forked_raises_the_childs_exception_with_its_traceback():
    def fail():
        raise OutputError("cannot write to /nowhere: no such folder")

    with forked(fail) as result, pytest.raises(OutputError, match="/nowhere") as caught:
        result()
    assert "in fail" in "\n".join(caught.value.__notes__)


class Unpicklable(Exception):
    def __init__(self, a, b):
        super().__init__(f"{a} and {b}")
        self.lock = threading.Lock()  # cannot be pickled, however exceptions are


@needs_fork
@pytest.mark.parametrize(
    ("task", "message"),
    [
        (lambda: (_ for _ in ()).throw(Unpicklable(1, 2)), "Unpicklable: 1 and 2"),
        (lambda: os._exit(3), r"stopped without an answer \(exit status 3\)"),
        (lambda: os.kill(os.getpid(), signal.SIGKILL), r"without an answer \(signal 9\)"),
    ],
)
def test_forked_reports_a_child_it_could_not_hear_from(task, message):
    with forked(task) as result, pytest.raises(RuntimeError, match=message):
        result()


@needs_fork
def test_forked_says_when_what_the_child_returns_cannot_be_sent():
    with forked(threading.Lock) as result, pytest.raises(TypeError, match="cannot pickle"):
        result()


@needs_fork
def test_forked_waits_for_the_child_when_the_block_fails_or_never_asks(tmp_path):
    flag = tmp_path / "done"
    with pytest.raises(KeyError), forked(lambda: flag.write_text("x")):
        raise KeyError("the parent's own error wins")
    assert flag.read_text() == "x"
    with forked(lambda: 1):
        pass


def test_can_fork_refuses_while_another_thread_runs():
    # in a fresh interpreter: threads left by other tests would make this one moot
    script = """
import threading
from kg.export.outputs import can_fork
alone = can_fork()
stop = threading.Event()
thread = threading.Thread(target=stop.wait)
thread.start()
crowded = can_fork()
stop.set()
thread.join()
print(alone, crowded, can_fork())
"""
    answer = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    possible = (
        sys.platform.startswith("linux") and hasattr(os, "fork")
        and len(os.sched_getaffinity(0)) >= 2
    )  # fmt: skip
    assert answer == [str(possible), "False", str(possible)]


@needs_fork
def test_forked_works_when_the_application_ignores_sigchld():
    previous = signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # children are reaped at once
    try:
        with forked(lambda: 5) as result:
            assert result() == 5
    finally:
        signal.signal(signal.SIGCHLD, previous)


# --------------------------------------------------------------------------- a watching build


def test_a_watching_build_reuses_the_positions_when_the_same_entities_are_drawn(
    tmp_path, monkeypatch
):
    G = small_kg()
    first = write_outputs(G, tmp_path / "a", helper=False)
    assert first.laid is not None and first.laid.positions

    def no_layout(*args, **kwargs):
        raise AssertionError("the layout was computed again")

    monkeypatch.setattr(outputs, "layout", no_layout)
    again = write_outputs(G, tmp_path / "b", laid=first.laid)
    assert again.helper is False and again.laid == first.laid
    assert (tmp_path / "b" / "graph.html").read_bytes() == first.paths[-1].read_bytes()


def test_a_new_entity_gets_a_new_layout(tmp_path, monkeypatch):
    G = small_kg()
    first = write_outputs(G, tmp_path / "a", helper=False)
    G.add_node("nouveau", label="Nouveau Venu", type="PER", mentions=1)
    calls = []
    real = outputs.layout
    monkeypatch.setattr(outputs, "layout", lambda *a, **k: calls.append(1) or real(*a, **k))
    again = write_outputs(G, tmp_path / "b", laid=first.laid, helper=False)
    assert calls and again.laid.key != first.laid.key and "nouveau" in again.laid.positions


def test_grown_entities_keep_their_place_and_are_moved_apart(tmp_path, monkeypatch):
    from kg.export.html import _key, _sizes

    G = small_kg()
    first = write_outputs(G, tmp_path / "a", helper=False)
    biggest = max(G.nodes, key=lambda n: G.nodes[n].get("mentions", 1))
    for n in G.nodes:  # every entity but one is named ten times more: bigger dots and labels
        if n != biggest:
            G.nodes[n]["mentions"] = 10 * G.nodes[n].get("mentions", 1)

    def no_layout(*args, **kwargs):
        raise AssertionError("the layout was computed again")

    monkeypatch.setattr(outputs, "layout", no_layout)
    again = write_outputs(G, tmp_path / "b", laid=first.laid)
    assert again.laid.key != first.laid.key and set(again.laid.positions) == set(G.nodes)
    nodes = sorted(G.nodes, key=_key)
    _, _, _, _, boxes = _sizes(G, nodes)
    pos = again.laid.positions
    for i, a in enumerate(nodes):  # no two boxes (dot and label) overlap
        for b in nodes[i + 1 :]:
            apart_x = abs(pos[a][0] - pos[b][0]) >= boxes[a][0] + boxes[b][0] - 0.5
            if pos[a][1] <= pos[b][1]:
                apart_y = pos[b][1] - pos[a][1] >= boxes[a][2] + boxes[b][1] - 0.5
            else:
                apart_y = pos[a][1] - pos[b][1] >= boxes[b][2] + boxes[a][1] - 0.5
            assert apart_x or apart_y, (a, b)
