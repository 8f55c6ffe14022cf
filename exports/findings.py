"""A findings draft in Word: one section per theme (top-level code) of a codebook.

Each section: the counts table (fragments, participants, respondents, sessions per code of the theme;
the vocabulary of docs/vocabulary.md),
the sterkte/groeikans balance chart as a PNG (vl-convert), a prevalence sentence whose words
follow coding.analysis.quantifier, the quotes selected for the report, and the recommendations
linked to the theme's codes or quotes. An appendix holds the recommendation x addressee matrix.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pandas as pd
from docx.shared import Cm

from coding.analysis import balance, code_tree, frequencies, prevalence
from coding.analysis.charts import balance_chart
from coding.privacy.anonymise import anonymiser
from coding.reporting.recommendations import recommendations
from coding.store.project import Project, ProjectError

from .atomic import replacing
from .charts import chart_bytes
from .layer_note import chosen_layer, layer_note
from .quotes import add_quotes, duplicate_warnings, new_document, quotes

DISCLAIMER = ("De aanbevelingen in dit rapport geven weer wat de deelnemers aan het onderzoek naar voren brachten "
              "en wat de onderzoekers daaruit afleiden. Ze loodsen geen beleidsbeslissing voor en binden de "
              "overheid, de netten of de scholen niet.")
COUNT_COLUMNS = {"label": "Code", "fragments": "Fragmenten", "participants": "Deelnemers", "respondents": "Respondenten",
                 "sessions": "Sessies"}


def _subtree(tree: pd.DataFrame, root: int) -> list[int]:
    out, stack = [], [root]
    while stack:
        code = stack.pop()
        out.append(code)
        stack.extend(tree.index[tree["parent_id"] == code].tolist())
    return [c for c in tree.index if c in set(out)]


def _table(document: Any, header: list[str], rows: list[list[Any]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header):
        cell.text = str(text)
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values):
            cell.text = "" if value is None else str(value)


def _prevalence_sentence(project: Project, code_id: int, layer: str | None = None) -> str:
    parts = []
    for unit, one, many in (("participants", "deelnemer", "deelnemers"), ("respondents", "respondent", "respondenten")):
        for valence, noun in (("sterkte", "sterktes"), ("groeikans", "groeikansen")):
            found = prevalence(project, code_id, unit, valence=valence, filters={"layer": layer} if layer else None)
            if found["total"]:
                who, verb = (one, "noemt") if found["count"] == 1 else (many, "noemen")
                parts.append(f"{found['quantifier']} {who} ({found['count']} van {found['total']}) {verb} {noun}")
    if not parts:
        return "Er zijn nog geen deelnemers of respondenten in dit project."
    sentence = "; ".join(parts) + "."
    return sentence[0].upper() + sentence[1:]


def write_findings(project: Project, path: str | Path, codebook: str, disclaimer: bool = True,
                   title: str = "Bevindingen (ontwerp)", chart: bool = True, layer: str | None = None) -> dict[str, Any]:
    """Write the findings draft as .docx; returns {"path", "themes", "quotes", "recommendations", "warnings"}."""
    path = Path(path)
    if path.suffix.lower() != ".docx":
        raise ProjectError(f"a findings draft is written as .docx, not {path.suffix or 'no extension'}")
    hide = anonymiser(project)
    tree = code_tree(project, codebook)
    filters = {"layer": layer} if layer else None
    counts = frequencies(project, codebook, filters).set_index("code_id")
    balanced = balance(project, codebook, filters=filters)
    selected = quotes(project, codebook, selected_only=True, hide=hide, layer=layer)
    recs = recommendations(project.db)
    document = new_document(title)
    document.add_paragraph(layer_note(chosen_layer(project, layer)))
    themes = [code for code in tree.index if pd.isna(tree.loc[code, "parent_id"])]
    placed: set[int] = set()
    for theme in themes:
        codes = _subtree(tree, theme)
        document.add_heading(hide.apply(tree.loc[theme, "label"]), level=1)
        rows = [["\u2003" * (int(tree.loc[c, "depth"])) + hide.apply(tree.loc[c, "label"]),
                 *(int(counts.loc[c, m]) for m in list(COUNT_COLUMNS)[1:])] for c in codes]
        _table(document, list(COUNT_COLUMNS.values()), rows)
        document.add_paragraph(_prevalence_sentence(project, theme, layer))
        part = balanced[balanced["code_id"].isin(codes)]
        if chart and int(part[["sterkte", "groeikans"]].to_numpy().sum()):
            image = chart_bytes(balance_chart(part.assign(label=part["label"].map(hide.apply))), "png")
            document.add_picture(io.BytesIO(image), width=Cm(15))
            document.add_paragraph(f"Figuur: sterktes en groeikansen bij {hide.apply(tree.loc[theme, 'label'])} "
                                   "(fragmenten).", style="Caption")
        theme_quotes = selected[selected["code_id"].isin(codes)]
        if not theme_quotes.empty:
            document.add_heading("Citaten", level=2)
            add_quotes(document, theme_quotes, context=False, memo=False, source=False)
        linked = [r for r in recs if set(r["code_ids"]) & set(codes)]
        if linked:
            document.add_heading("Aanbevelingen", level=2)
            for rec in linked:
                placed.add(rec["id"])
                to = f" ({', '.join(rec['addressees'])})" if rec["addressees"] else ""
                document.add_paragraph(hide.apply(rec["text"]) + hide.apply(to), style="List Number")
    if recs:
        document.add_heading("Bijlage: aanbevelingen per adressaat", level=1)
        addressees = list(dict.fromkeys(a for r in recs for a in r["addressees"]))
        _table(document, ["Aanbeveling", *addressees],
               [[hide.apply(r["text"]), *("X" if a in r["addressees"] else "" for a in addressees)] for r in recs])
    if disclaimer:
        document.add_paragraph(DISCLAIMER, style="Intense Quote")
    with replacing(path) as partial:
        document.save(str(partial))
    warnings = duplicate_warnings(selected)
    unplaced = [r["id"] for r in recs if r["id"] not in placed]
    if unplaced:
        warnings.append(f"recommendations {', '.join(map(str, unplaced))} are linked to no code of {codebook!r}: "
                        "only in the appendix")
    return {"path": path, "themes": len(themes), "quotes": len(selected), "recommendations": len(recs),
            "warnings": warnings}
