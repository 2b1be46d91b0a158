"""Open the interactive HTML view: in a notebook (:func:`show`) or in a web browser.

``kg view OUT`` calls :func:`open_in_browser` with a ``kg build`` output folder
(or a page); :func:`show` embeds the page in a Jupyter notebook through an
``<iframe srcdoc=…>``, so the notebook needs no file and no server and works
offline, like the page itself.
"""

from __future__ import annotations

import html
import os
import webbrowser
from pathlib import Path
from typing import Any

import networkx as nx

from kg.errors import InputError, KgError

__all__ = ["find_page", "iframe", "open_in_browser", "show"]

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium (``make browser``), which the browser tests and bench drive headless."""

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
"""Headless launch options: no sandbox (root), and none of Chromium's own network chatter."""

PAGE_NAME = "graph.html"
DEFAULT_HEIGHT = 640
SANDBOX = "allow-scripts allow-popups allow-popups-to-escape-sandbox"
"""The page's scripts run; its links (GeoNames) open in a new tab; it cannot reach the notebook."""


def find_page(path: str | os.PathLike[str]) -> Path:
    """Return the HTML page that ``path`` names: the file itself, or ``graph.html`` in a folder.

    Raises :class:`~kg.errors.InputError`, naming the path, when there is no
    such page.
    """
    target = Path(path).expanduser()
    page = target / PAGE_NAME if target.is_dir() else target
    if target.is_dir() and not page.is_file():
        raise InputError(
            f"{target}: no {PAGE_NAME} in this folder; build it first with "
            f"`kg build INPUT... -o {target}`"
        )
    if not page.is_file():
        raise InputError(
            f"{target}: no such file or folder; give a `kg build` output folder or its {PAGE_NAME}"
        )
    if page.suffix.lower() not in (".html", ".htm"):
        raise InputError(
            f"{page}: not an HTML page; give a `kg build` output folder or its {PAGE_NAME}"
        )
    return page.resolve()


def open_in_browser(path: str | os.PathLike[str]) -> None:
    """Open the graph page of ``path`` (a ``kg build`` output folder or an HTML file) in the
    default web browser; return nothing.

    Raises :class:`~kg.errors.InputError` when there is no page there (see
    :func:`find_page`) and :class:`~kg.errors.KgError` when no browser can be
    started (the message gives the page's address, to open by hand).
    """
    page = find_page(path)
    uri = page.as_uri()
    if not webbrowser.open(uri, new=2):
        raise KgError(f"no web browser could be started; open {uri} by hand")


def iframe(page: str, *, height: int = DEFAULT_HEIGHT) -> str:
    """Return HTML (a ``str``: an ``<iframe>`` in a ``<div>``) that shows the HTML ``page`` inline.

    The page is embedded whole in the ``srcdoc`` attribute (escaped), so the
    element needs no file or server, and sandboxed: its scripts run but it
    cannot touch the document around it.

    >>> iframe("<p>a & b</p>", height=100)[:66]
    '<div class="kg-view"><iframe srcdoc="&lt;p&gt;a &amp; b&lt;/p&gt;"'
    """
    if height < 100:
        raise ValueError(f"height must be at least 100 px, not {height}")
    return (
        f'<div class="kg-view"><iframe srcdoc="{html.escape(page, quote=True)}" '
        f'style="width: 100%; height: {int(height)}px; border: 1px solid #d1d9e0; border-radius: 6px" '
        f'sandbox="{SANDBOX}" referrerpolicy="no-referrer" loading="eager" '
        'title="Knowledge graph"></iframe></div>'
    )


def show(
    graph_or_path: nx.MultiDiGraph | str | os.PathLike[str],
    *,
    height: int = DEFAULT_HEIGHT,
    **options: Any,
) -> Any:
    """Show the interactive view in a Jupyter notebook; return the object to display.

    ``graph_or_path`` is a graph (rendered with :func:`kg.export.html.to_html`
    and ``options``, e.g. ``max_nodes=500``) or a ``kg build`` output folder or
    HTML page (read as it is; ``options`` are then not allowed). Returns an
    ``IPython.display.HTML`` object holding :func:`iframe` of the page, which
    the notebook displays when it is the cell's last value, or the iframe
    markup as a ``str`` when IPython is not installed.
    """
    if isinstance(graph_or_path, nx.Graph):
        from kg.export.html import to_html

        page = to_html(graph_or_path, **options)
    else:
        if options:
            raise TypeError(
                f"show() of a saved page takes no rendering options: {', '.join(sorted(options))}"
            )
        source = find_page(graph_or_path)
        try:
            page = source.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise InputError(f"{source}: cannot read the page: {exc}") from exc
    markup = iframe(page, height=height)
    try:
        from IPython.display import HTML
    except ImportError:
        return markup
    return HTML(markup)
