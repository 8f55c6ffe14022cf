"""Live-session outputs: the draaiboek (Word), the mindmap (SVG/PNG tree) and the session report
for a member check (Word). Pure functions of the project data in coding.live.session."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from docx import Document
from docx.shared import Pt

from coding.errors import say
from coding.live import session as live
from coding.store.model import VALENCES
from coding.store.project import ProjectError

BRANCH_COLOURS = ("#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#edc948", "#b07aa1", "#ff9da7",
                  "#9c755f", "#bab0ac")


def words(key: str, **values: Any) -> str:
    """A text of the live-session documents in the reader's language (coding/locale, `exports.live.KEY`)."""
    return say(f"exports.live.{key}", values)


def _meta_lines(found: dict[str, Any]) -> list[tuple[str, str]]:
    return [(words(f"meta.{k}"), found[k]) for k in ("date", "place", "respondent_group", "facilitator") if found[k]]


def _heading(doc: Document, found: dict[str, Any], title: str) -> None:
    doc.add_heading(f"{title}: {found['name']}", level=0)
    for key, value in _meta_lines(found):
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{key}: ").bold = True
        paragraph.add_run(str(value))


def _save(doc: Document, path: str | Path) -> Path:
    path = Path(path)
    if path.suffix.lower() != ".docx":
        raise ProjectError("exports.live.not_docx", suffix=path.suffix or say("exports.no_extension"))
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


def draaiboek(db: Any, session_id: int, path: str | Path, minutes: int = 120) -> Path:
    """The facilitator's script: per branch the guiding question, prompts from its sub-codes, the
    prepared points that belong there and a time slot; participants and an equal-voice reminder."""
    found = live.session(db, session_id)
    mindmap = live.branches(db, session_id)
    people = live.participants(db, session_id)
    prepared = live.prepared_points(db, session_id)
    codes = {c["id"]: c["branch"] for c in live.session_codes(db, session_id)}
    doc = Document()
    _heading(doc, found, words("draaiboek"))
    doc.add_heading(words("plan"), level=1)
    slot = max(5, (minutes - 20) // max(1, len(mindmap)))
    doc.add_paragraph(words("plan_text", themes=len(mindmap), slot=slot))
    doc.add_paragraph(words("equal_voice"))
    doc.add_heading(words("participants"), level=1)
    table = doc.add_table(rows=1, cols=1 + len(live.PARTICIPANT_ATTRIBUTES))
    table.style = "Table Grid"
    for cell, title in zip(table.rows[0].cells, (words("participant"), *live.PARTICIPANT_ATTRIBUTES)):
        cell.text = title
    for row in people.itertuples(index=False):
        cells = table.add_row().cells
        cells[0].text = row.label
        for cell, key in zip(cells[1:], live.PARTICIPANT_ATTRIBUTES):
            cell.text = getattr(row, key) or ""
    for number, branch in enumerate(mindmap.itertuples(index=False), start=1):
        doc.add_heading(f"{number}. {branch.label} ({slot} min.)", level=1)
        paragraph = doc.add_paragraph()
        paragraph.add_run(words("question") + " ").bold = True
        paragraph.add_run(branch.question or words("no_question"))
        if branch.subcodes:
            doc.add_paragraph(words("probe"))
            for label in branch.subcodes:
                doc.add_paragraph(label, style="List Bullet")
        mine = prepared[[codes.get(c) == branch.code_id for c in prepared["code_id"]]]
        if len(mine):
            doc.add_paragraph(words("prepared_here"))
            for point in mine.itertuples(index=False):
                doc.add_paragraph(f"{point.participant}: {point.text}", style="List Bullet")
    loose = prepared[[codes.get(c) is None for c in prepared["code_id"]]]
    if len(loose):
        doc.add_heading(words("prepared_loose"), level=1)
        for point in loose.itertuples(index=False):
            doc.add_paragraph(f"{point.participant}: {point.text}", style="List Bullet")
    return _save(doc, path)


def mindmap_svg(db: Any, session_id: int, hide: Callable[[str], str] = str) -> str:
    """The mindmap as a left-to-right tree: session, branches with their question, sub-codes.

    Every text passes `hide` (the anonymiser, see exports.gate.mindmap_svg) whole, before it is
    wrapped or shortened: a name split over two lines of the drawing would no longer be found."""
    found = live.session(db, session_id)
    mindmap = live.branches(db, session_id)
    line, gap = 20, 16
    blocks = []
    y = 20
    for branch in mindmap.itertuples(index=False):
        question = textwrap.wrap(hide(branch.question or ""), 34)[:3]
        rows = max(1 + len(question), len(branch.subcodes))
        blocks.append((branch, question, y, rows))
        y += rows * line + gap
    height = max(y + 10, 160)
    width = 900
    root_y = height / 2
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}" font-family="DejaVu Sans, Arial, sans-serif">',
             f'<rect width="{width}" height="{height}" fill="#ffffff"/>']
    root = textwrap.wrap(hide(found["name"]), 18)[:3]
    box = 18 * len(root) + 22
    parts.append(f'<rect x="10" y="{root_y - box / 2}" width="170" height="{box}" rx="10" fill="#34495e"/>')
    for i, text in enumerate(root):
        parts.append(f'<text x="95" y="{root_y - 9 * (len(root) - 1) + 18 * i + 5}" text-anchor="middle" '
                     f'font-size="14" font-weight="bold" fill="#ffffff">{escape(text)}</text>')
    for index, (branch, question, top, rows) in enumerate(blocks):
        colour = BRANCH_COLOURS[index % len(BRANCH_COLOURS)]
        mid = top + rows * line / 2
        parts.append(f'<path d="M180,{root_y} C220,{root_y} 220,{mid} 260,{mid}" stroke="{colour}" '
                     f'stroke-width="3" fill="none"/>')
        parts.append(f'<rect x="260" y="{top}" width="300" height="{rows * line}" rx="8" fill="{colour}" '
                     f'fill-opacity="0.15" stroke="{colour}"/>')
        parts.append(f'<text x="270" y="{top + 15}" font-size="14" font-weight="bold" fill="#222">'
                     f'{escape(textwrap.shorten(hide(branch.label), 38))}</text>')
        for i, text in enumerate(question):
            parts.append(f'<text x="270" y="{top + 15 + line * (i + 1)}" font-size="12" font-style="italic" '
                         f'fill="#444">{escape(text)}</text>')
        for i, label in enumerate(branch.subcodes):
            sy = top + line * i + line / 2
            parts.append(f'<path d="M560,{mid} C580,{mid} 580,{sy} 600,{sy}" stroke="{colour}" fill="none"/>')
            parts.append(f'<text x="606" y="{sy + 4}" font-size="12" fill="#222">'
                         f'{escape(textwrap.shorten(hide(label), 44))}</text>')
    parts.append("</svg>")
    return "".join(parts)


def session_report(db: Any, session_id: int, path: str | Path) -> Path:
    """The member-check report: per theme the sterktes and groeikansen (quotes attributed by role
    and sector only), then the prepared points and branches that did not come up."""
    data = live.report_data(db, session_id)
    doc = Document()
    _heading(doc, data["session"], words("report"))
    doc.add_paragraph(words("report_intro", points=data["total"], participants=len(data["voice"])))
    for theme in data["themes"]:
        counts = ", ".join(f"{theme[v]} {words(f'count.{v}')}" for v in VALENCES)
        doc.add_heading(f"{theme['label']} ({counts})", level=1)
        if theme["question"]:
            doc.add_paragraph(theme["question"]).runs[0].italic = True
        if not any(len(theme["points"][v]) for v in VALENCES):
            doc.add_paragraph(words("not_discussed"))
        for valence in VALENCES:
            frame = theme["points"][valence]
            if len(frame):
                doc.add_heading(words(f"section.{valence}"), level=2)
                for point in frame.itertuples(index=False):
                    paragraph = doc.add_paragraph(style="List Bullet")
                    paragraph.add_run(point.text)
                    tail = ", ".join(v for v in (point.code if point.code != theme["label"] else "", point.who) if v)
                    if tail:
                        paragraph.add_run(f" ({tail})").font.size = Pt(9)
    doc.add_heading(words("open"), level=1)
    if data["uncovered"]:
        doc.add_paragraph(words("uncovered", themes=", ".join(data["uncovered"])))
    if len(data["open_prepared"]):
        doc.add_paragraph(words("open_prepared"))
        for point in data["open_prepared"].itertuples(index=False):
            doc.add_paragraph(point.text + (f" ({point.code})" if point.code else ""), style="List Bullet")
    if not data["uncovered"] and not len(data["open_prepared"]):
        doc.add_paragraph(words("all_covered"))
    return _save(doc, path)
