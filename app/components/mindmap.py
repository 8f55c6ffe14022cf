"""The live session's mindmap drawn on the page: session -> branches -> sub-codes, each node sized by
the points captured under it so far (st.graphviz_chart renders DOT in the browser, offline)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

COLOURS = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#9c755f"]


def _quote(text: str) -> str:
    return '"' + str(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ") + '"'


def mindmap_dot(name: str, branches: Iterable[Any], codes: list[dict[str, Any]], counts: dict[int, int],
                hide: Callable[[str], str] = lambda s: s) -> str:
    """DOT for the tree: `branches` rows with code_id and label, `codes` as live.session_codes gives
    them, `counts` the points per code id. Every text passes `hide` (the anonymiser)."""
    lines = ["digraph mindmap {", "rankdir=LR; bgcolor=transparent;",
             'node [shape=box, style="rounded,filled", fontname="DejaVu Sans", fontsize=11];',
             f'root [label={_quote(hide(name))}, fillcolor="#34495e", fontcolor="white", fontsize=14];']
    for index, branch in enumerate(branches):
        colour = COLOURS[index % len(COLOURS)]
        under = [c for c in codes if c["branch"] == branch.code_id]
        total = sum(counts.get(c["id"], 0) for c in under)
        lines.append(f'b{branch.code_id} [label={_quote(f"{hide(branch.label)} ({total})")}, '
                     f'fillcolor="{colour}33", color="{colour}", fontsize={12 + min(total, 12)}];')
        lines.append(f'root -> b{branch.code_id} [color="{colour}", penwidth={1 + min(total, 8) / 2}];')
        for code in under:
            if code["id"] == branch.code_id:
                continue
            n = counts.get(code["id"], 0)
            parent = next((c for c in reversed(under[:under.index(code)]) if c["depth"] < code["depth"]), None)
            source = f"b{branch.code_id}" if parent is None or parent["id"] == branch.code_id else f"c{parent['id']}"
            label = _quote(f"{hide(code['label'])} ({n})")
            lines.append(f'c{code["id"]} [label={label}, fillcolor="white", '
                         f'color="{colour}", fontsize={10 + min(n, 10)}];')
            lines.append(f'{source} -> c{code["id"]} [color="{colour}", penwidth={1 + min(n, 8) / 2}];')
    lines.append("}")
    return "\n".join(lines)
