"""A findings draft in Word, shaped like the findings chapter of an evaluation report.

Per theme (top-level code) of a codebook: the findings (a prevalence sentence per respondent group,
its counts and the coder layer it counts, the counts table, the ratings per bouwsteen and respondent
group for a codebook with a rating scale, the sterkte/groeikans chart), then the sterktes and the
groeikansen with the quotes chosen for the report in the writer's order, a place for the
conclusions, and the recommendations linked to the theme grouped per addressee ("Aanbevelingen voor
de overheid"). Appendices: the recommendations per addressee with their matrix, and the tables.
Tables get column widths after their labels, so Word and LibreOffice show them without squeezing.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pandas as pd
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.shared import Cm, Pt

from coding.analysis import balance, code_matrix, code_tree, frequencies, pivot, prevalence
from coding.analysis.charts import balance_chart
from coding.analysis.code_ratings import code_ratings, rating_scale
from coding.privacy.anonymise import anonymiser
from coding.reporting.recommendations import recommendations
from coding.errors import say
from coding.store.project import Project, ProjectError

from .atomic import replacing
from .charts import chart_bytes
from .layer_note import chosen_layer, layer_note
from .quotes import STYLE_NOTE, STYLE_VALENCE, add_quote, duplicate_warnings, new_document, paragraph, quotes

COUNT_COLUMNS = ("label", "fragments", "participants", "respondents", "sessions")
"""The counts table's columns; their headings are `exports.findings.col.NAME` in the catalogs."""
GROUP = "respondentgroep"
VALENCES = ("sterkte", "groeikans", "neutraal")
PAGE_WIDTH_CM = 16.0
TABLE_FONT_PT = 9


def words(key: str, **values: Any) -> str:
    """A text of the findings draft in the user's language (coding/locale, `exports.findings.KEY`)."""
    return say(f"exports.findings.{key}", values)
CM_PER_CHAR = 0.2       # a bold 9 pt Calibri (or Carlito) character, generously
CELL_PADDING_CM = 0.45


def _subtree(tree: pd.DataFrame, root: int) -> list[int]:
    out, stack = [], [root]
    while stack:
        code = stack.pop()
        out.append(code)
        stack.extend(tree.index[tree["parent_id"] == code].tolist())
    return [c for c in tree.index if c in set(out)]


def _floors(header: list[str], rows: list[list[Any]]) -> tuple[list[float], list[float]]:
    """Per column: the width its longest word needs (a label is never broken inside a word, at the
    tables' 9 pt) and the width its longest cell would like."""
    texts = [[str(header[i])] + ["" if r[i] is None else str(r[i]) for r in rows] for i in range(len(header))]
    longest_word = [max(len(w) for t in column for w in (t.split() or [""])) for column in texts]
    floors = [CM_PER_CHAR * max(3, n) + CELL_PADDING_CM for n in longest_word]
    wishes = [CM_PER_CHAR * min(60, max(len(t) for t in column)) + CELL_PADDING_CM for column in texts]
    return floors, wishes


def column_widths(header: list[str], rows: list[list[Any]], total: float = PAGE_WIDTH_CM) -> list[float]:
    """Widths (cm) that share `total`: every column its floor, the rest of the page to the columns with
    long cells (labels) rather than to short numbers. Where the floors do not fit, in proportion."""
    floors, wishes = _floors(header, rows)
    if sum(floors) >= total:
        return [round(f * total / sum(floors), 2) for f in floors]
    needs = [max(0.0, w - f) for w, f in zip(wishes, floors)]
    extra = total - sum(floors)
    shares = [n / sum(needs) if sum(needs) else 1 / len(needs) for n in needs]
    return [round(f + extra * share, 2) for f, share in zip(floors, shares)]


def _usable(document: Any) -> float:
    """The text width (cm) of the document's last section."""
    section = document.sections[-1]
    return (section.page_width - section.left_margin - section.right_margin) / Cm(1)


def _turn(document: Any, landscape: bool) -> None:
    """Start a new section on a new page, in landscape or back in portrait."""
    previous = document.sections[-1]
    section = document.add_section(WD_SECTION.NEW_PAGE)
    long, short = max(previous.page_width, previous.page_height), min(previous.page_width, previous.page_height)
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (long, short) if landscape else (short, long)


def _table(document: Any, header: list[str], rows: list[list[Any]], caption: str | None = None) -> Any:
    """A grid table with a bold header row and column widths that fit its labels; a table whose
    words do not fit the portrait page gets a landscape page of its own."""
    turned = sum(_floors(header, rows)[0]) > _usable(document) and \
        document.sections[-1].orientation == WD_ORIENT.PORTRAIT
    if turned:
        _turn(document, landscape=True)
    if caption:
        document.add_paragraph(caption, style="Caption")
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.autofit = False
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = str(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values):
            cell.text = "" if value is None else str(value)
    for column, width in zip(table.columns, column_widths(header, rows, _usable(document))):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
            for run in (r for p in cell.paragraphs for r in p.runs):
                run.font.size = Pt(TABLE_FONT_PT)
    if turned:
        _turn(document, landscape=False)
    return table


def _mentions(project: Project, code_id: int, unit: str, group: tuple[str, str] | None,
              layer: str | None) -> list[str]:
    """"de meeste deelnemers (5 van 8) noemen sterktes" for sterktes and groeikansen of a unit in a group."""
    parts = []
    for valence in ("sterkte", "groeikans"):
        found = prevalence(project, code_id, unit, group=group, valence=valence,
                           filters={"layer": layer} if layer else None)
        if found["total"]:
            number = "one" if found["count"] == 1 else "many"
            parts.append(words(f"mention.{unit}.{number}", valence=words(f"mention.{valence}"),
                               quantifier=say(f"exports.prevalence.{found['quantifier']}"),
                               count=found["count"], total=found["total"]))
    return parts


def _prevalence_sentences(project: Project, code_id: int, groups: list[str], layer: str | None = None) -> list[str]:
    """One sentence per respondent group of the sessions, and one for the mailbox respondents; each
    names its counts (who mentioned the theme of how many in that group), never pooling the groups."""
    sentences = []
    for group in groups or [None]:
        parts = _mentions(project, code_id, "participants", (GROUP, group) if group else None, layer)
        if parts:
            lead = words("among_group", group=group) if group else words("among_participants")
            sentences.append(lead + " " + "; ".join(parts) + ".")
    parts = _mentions(project, code_id, "respondents", None, layer)
    if parts:
        sentences.append(words("in_mailbox") + " " + "; ".join(parts) + ".")
    return sentences or [words("nobody_yet")]


def _groups(project: Project) -> list[str]:
    """The respondent groups of the documents that have participants (sessions, interviews)."""
    return [r[0] for r in project.db.execute(
        """SELECT DISTINCT a.value FROM document_attributes a JOIN documents d ON d.id = a.document_id
           WHERE a.name = ? AND a.value IS NOT NULL AND a.value != '' AND d.kind != 'mailbox' ORDER BY a.value""",
        [GROUP])]


def _by_addressee(recs: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Recommendations per addressee, in the order addressees first appear (none: "iedereen")."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for rec in recs:
        for addressee in rec["addressees"] or [words("everyone")]:
            grouped.setdefault(addressee, []).append(rec)
    return grouped


def _add_recommendations(document: Any, recs: list[dict[str, Any]], hide: Any) -> None:
    for addressee, items in _by_addressee(recs).items():
        paragraph(document, words("recommendations_for", addressee=hide.apply(addressee)), STYLE_VALENCE)
        for rec in items:
            document.add_paragraph(hide.apply(rec["text"]), style="List Bullet")


def _rating_rows(rated: pd.DataFrame, codes: list[int], scale: list[str], groups: list[str],
                 hide: Any) -> list[list[str]]:
    """Per bouwsteen with a rating: per group "wel passend 2, deels passend 1" in scale order."""
    rows = []
    part = rated[rated["code_id"].isin(codes)]
    for code_id in [c for c in codes if c in set(part["code_id"])]:
        mine = part[part["code_id"] == code_id]
        cells = []
        for group in groups:
            counts = mine[mine["group"] == group].set_index("rating")["count"]
            order = [r for r in scale if r in counts.index] + [r for r in counts.index if r not in scale]
            cells.append(", ".join(f"{r} {int(counts[r])}" for r in order))
        rows.append([hide.apply(mine["label"].iloc[0]), *cells])
    return rows


def write_findings(project: Project, path: str | Path, codebook: str, disclaimer: bool = True,
                   title: str | None = None, chart: bool = True, layer: str | None = None,
                   allow_unreviewed: bool = False) -> dict[str, Any]:
    """Write the findings draft as .docx; returns {"path", "themes", "quotes", "recommendations", "warnings"}.

    Refused while a selected quote holds a possible name nobody reviewed, unless `allow_unreviewed`."""
    from .gate import describe, frame_spans, require_reviewed

    path = Path(path)
    if path.suffix.lower() != ".docx":
        raise ProjectError("exports.findings.not_docx", suffix=path.suffix or say("exports.no_extension"))
    hide = anonymiser(project)
    tree = code_tree(project, codebook)
    filters = {"layer": layer} if layer else None
    counts = frequencies(project, codebook, filters).set_index("code_id")
    balanced = balance(project, codebook, filters=filters)
    selected = quotes(project, codebook, selected_only=True, hide=hide, layer=layer)
    open_names = require_reviewed(project, frame_spans(selected), allow_unreviewed, hide)
    recs = recommendations(project.db)
    scale = rating_scale(project, codebook)
    rated = code_ratings(project, codebook, layer) if scale else pd.DataFrame(columns=["code_id", "group"])
    rating_groups = sorted(set(rated["group"]))
    groups = _groups(project)
    note = layer_note(chosen_layer(project, layer))
    document = new_document(title or words("title"))
    document.add_paragraph(note)
    themes = [code for code in tree.index if pd.isna(tree.loc[code, "parent_id"])]
    placed: set[int] = set()
    for theme in themes:
        codes = _subtree(tree, theme)
        label = hide.apply(tree.loc[theme, "label"])
        document.add_heading(label, level=1)
        document.add_heading(words("findings"), level=2)
        sentences = _prevalence_sentences(project, theme, groups, layer)
        document.add_paragraph(" ".join(hide.apply(s) for s in sentences))
        paragraph(document, words("counted", layer=note), STYLE_NOTE)
        rows = [["\u2003" * (int(tree.loc[c, "depth"])) + hide.apply(tree.loc[c, "label"]),
                 *(int(counts.loc[c, m]) for m in COUNT_COLUMNS[1:])] for c in codes]
        _table(document, [words(f"col.{c}") for c in COUNT_COLUMNS], rows)
        rating_rows = _rating_rows(rated, codes, scale, rating_groups, hide)
        if rating_rows:
            _table(document, [words("col.bouwsteen"), *(hide.apply(g) for g in rating_groups)], rating_rows,
                   words("ratings_caption_theme", label=label))
        part = balanced[balanced["code_id"].isin(codes)]
        if chart and int(part[["sterkte", "groeikans"]].to_numpy().sum()):
            image = chart_bytes(balance_chart(part.assign(label=part["label"].map(hide.apply))), "png")
            document.add_picture(io.BytesIO(image), width=Cm(15))
            document.add_paragraph(words("figure_caption", label=label), style="Caption")
        theme_quotes = selected[selected["code_id"].isin(codes)]
        for valence in VALENCES:
            chosen = theme_quotes[theme_quotes["valence"] == valence]
            if valence == "neutraal" and chosen.empty:
                continue
            document.add_heading(words(f"section.{valence}"), level=2)
            if chosen.empty:
                paragraph(document, words("no_quotes_yet"), STYLE_NOTE)
            for row in chosen.to_dict("records"):
                add_quote(document, row, source=False)
        document.add_heading(words("conclusions"), level=2)
        paragraph(document, words("conclusions_placeholder"), STYLE_NOTE)
        linked = [r for r in recs if set(r["code_ids"]) & set(codes)]
        if linked:
            document.add_heading(words("recommendations"), level=2)
            placed.update(r["id"] for r in linked)
            _add_recommendations(document, linked, hide)
    if recs:
        document.add_heading(words("appendix_recommendations"), level=1)
        _add_recommendations(document, recs, hide)
        addressees = list(dict.fromkeys(a for r in recs for a in r["addressees"]))
        _table(document, [words("col.recommendation"), *(hide.apply(a) for a in addressees)],
               [[hide.apply(r["text"]), *("X" if a in r["addressees"] else "" for a in addressees)] for r in recs])
    _appendix_tables(project, document, codebook, filters, hide, tree, rated, scale, rating_groups)
    if disclaimer:
        document.add_paragraph(words("disclaimer"), style="Intense Quote")
    with replacing(path) as partial:
        document.save(str(partial))
    warnings = duplicate_warnings(selected)
    unplaced = [r["id"] for r in recs if r["id"] not in placed]
    if unplaced:
        warnings.append(say("exports.findings.unplaced", {"ids": ", ".join(map(str, unplaced)),
                                                            "codebook": repr(codebook)}))
    return {"path": path, "themes": len(themes), "quotes": len(selected), "recommendations": len(recs),
            "warnings": warnings + [say("exports.gate.not_reviewed", {"line": line})
                                    for line in describe(open_names).splitlines() if open_names]}


def _appendix_tables(project: Project, document: Any, codebook: str, filters: dict[str, Any] | None, hide: Any,
                     tree: pd.DataFrame, rated: pd.DataFrame, scale: list[str], groups: list[str]) -> None:
    """Appendix: fragments per code and respondent group, and all ratings of a rating codebook."""
    document.add_heading(words("appendix_tables"), level=1)
    by, named = (GROUP, words("by_group")) if _groups(project) else ("kind", words("by_kind"))
    matrix = pivot(code_matrix(project, by, codebook, "fragments", filters), by)
    values = [c for c in matrix.columns if c not in ("key", "label", "code_id", "depth", "order")]
    _table(document, [words("col.label"), *(hide.apply(str(v)) for v in values)],
           [[hide.apply(r["label"]), *(int(r[v]) if pd.notna(r[v]) else 0 for v in values)]
            for r in matrix.to_dict("records")], words("fragments_caption", by=named))
    rows = _rating_rows(rated, list(tree.index), scale, groups, hide)
    if rows:
        _table(document, [words("col.bouwsteen"), *(hide.apply(g) for g in groups)], rows, words("ratings_caption"))
