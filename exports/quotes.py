"""The quote bank: coded fragments as report quotes, with anonymous attribution, to Word.

A quote is the text of one coding (facilitator talk is never quoted), in typographic single
quotes, followed by who said it, built from a template the user can edit (stored in meta per
source kind), e.g. "een leerkracht (gewoon onderwijs, co-teaching)". Within parentheses, a part
whose fields are all unknown is left out, and empty parentheses go. Everything that leaves runs
through the project's Anonymiser.
"""

from __future__ import annotations

import bisect
import json
import re
from pathlib import Path
from typing import Any

import pandas as pd
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.shared import Pt, RGBColor

from coding.analysis import code_tree
from coding.errors import say
from coding.codings.quote_selection import render_excerpt, selections
from coding.codings.times import clock, clock_range, cue_times
from coding.privacy.anonymise import Anonymiser, anonymiser
from coding.store.model import SECTOR, VALENCES
from coding.store.project import Project, ProjectError

from .atomic import replacing
from .layer_note import chosen_layer, layer_note

META_KEY = "attribution_templates"
DEFAULT_TEMPLATES = {
    "default": "een {rol} ({sector}, {ondersteuningsmodel})",
    "mailbox": "een respondent in de mailbox ({functie})",
}
FALLBACKS = {"rol": "deelnemer"}
FORM_TEMPLATES = {"rol": "een {rol}", "rol_sector": "een {rol} ({sector})", "rol_groep": "een {rol} ({respondentgroep})"}
"""The attribution forms a chosen quote can have besides the project's template (quote_selection.FORMS)."""
SECTOR_WORDS = {"GeO": "gewoon onderwijs", "BuO": "buitengewoon onderwijs"}
OPEN_QUOTE, CLOSE_QUOTE = "\u2018", "\u2019"
FIELD = re.compile(r"\{([^{}]+)\}")
STYLE_VALENCE, STYLE_SOURCE, STYLE_NOTE = "Werkbank valentie", "Werkbank bron", "Werkbank notitie"


# --- attribution --------------------------------------------------------------------------------

def attribution_templates(project: Project | Any) -> dict[str, str]:
    """Template per source kind ("default" for every kind without its own)."""
    db = getattr(project, "db", project)
    row = db.execute("SELECT value FROM meta WHERE key = ?", [META_KEY]).fetchone()
    return {**DEFAULT_TEMPLATES, **(json.loads(row[0]) if row else {})}


def set_attribution_template(project: Project, actor: str, template: str, kind: str = "default") -> None:
    """Store the attribution template for a source kind (a logged, undoable write)."""
    if not template.strip():
        raise ProjectError("an attribution template cannot be empty")
    unbalanced = template.count("{") != template.count("}") or template.count("(") != template.count(")")
    if unbalanced:
        raise ProjectError("exports.quotes.template_unbalanced", template=template)
    with project.write(actor, "attribution template", {"kind": kind, "template": template}) as tx:
        current = tx.get("meta", META_KEY)
        stored = json.loads(current["value"]) if current else {}
        stored[kind] = template
        if current:
            tx.update("meta", META_KEY, value=json.dumps(stored, ensure_ascii=False))
        else:
            tx.insert("meta", {"key": META_KEY, "value": json.dumps(stored, ensure_ascii=False)})


def render_attribution(template: str, values: dict[str, Any]) -> str:
    """Fill a template; a parenthesised part whose fields are all unknown is dropped."""
    def value(name: str) -> str:
        found = values.get(name)
        if name == SECTOR and found in SECTOR_WORDS:
            found = SECTOR_WORDS[found]
        return str(found) if found not in (None, "") else FALLBACKS.get(name, "")

    def fill(text: str) -> str:
        return FIELD.sub(lambda m: value(m.group(1).strip()), text)

    def group(match: re.Match) -> str:
        parts = []
        for part in match.group(1).split(","):
            fields = FIELD.findall(part)
            if fields and not any(value(f.strip()) for f in fields):
                continue
            if fill(part).strip():
                parts.append(fill(part).strip())
        return f"({', '.join(parts)})" if parts else ""

    return " ".join(fill(re.sub(r"\(([^()]*)\)", group, template)).split())


# --- the quotes ---------------------------------------------------------------------------------

def _attributes(db: Any, table: str, owner: str) -> dict[int, dict[str, Any]]:
    out: dict[int, dict[str, Any]] = {}
    for key, name, value in db.execute(f"SELECT {owner}, name, value FROM {table}"):
        out.setdefault(key, {})[name] = value
    return out


def quotes(project: Project, codebook: str | None = None, selected_only: bool = False,
           hide: Anonymiser | None = None, coding_ids: list[int] | None = None, layer: str | None = None) -> pd.DataFrame:
    """One row per quotable coding, in codebook order, then sterkte, groeikans, neutraal, then document order.

    Columns: coding_id, code_id, key, label, depth, order, valence, document_id, document, kind,
    paragraph (1-based), start, end, text, context (the turn, answer or paragraph around it),
    memo, attribution, selected, time (in a transcript: when it was said, "00:14:05–00:14:31"; else ""),
    time_start ("00:14:05"), position (place among the chosen quotes of the code, or None), form
    (attribution form of a chosen quote), whole (the full coded text; `text` is shortened where the
    report writer shortened the quote). Chosen quotes come in the writer's order within code and valence.
    Texts are anonymised. Codings of the coder `layer` (default: the
    project's default layer) unless `coding_ids` names them.
    """
    db = project.db
    hide = hide or anonymiser(project)
    tree = code_tree(project, codebook)
    where, params = ["1 = 1"], []
    if codebook is not None:
        where.append("c.code_id IN (SELECT id FROM codes WHERE codebook_id = ?)")
        params.append(codebook)
    if selected_only:
        where.append("c.selected = 1")
    if coding_ids is not None:
        where.append(f"c.id IN ({', '.join('?' for _ in coding_ids)})")
        params.extend(coding_ids)
    else:
        condition, values = chosen_layer(project, layer).where("c")
        where.append(condition)
        params.extend(values)
    rows = db.execute(f"""SELECT c.id, c.code_id, c.valence, c.document_id, c.start, c.end, c.case_id, c.memo,
                                 c.selected, ifnull(k.is_data, 1)
                          FROM codings c LEFT JOIN cases k ON k.id = c.case_id
                          WHERE {' AND '.join(where)}""", params).fetchall()
    columns = ["coding_id", "code_id", "key", "label", "depth", "order", "valence", "document_id", "document",
               "kind", "paragraph", "start", "end", "text", "context", "memo", "attribution", "selected", "time",
               "time_start", "position", "form", "whole"]
    rows = [r for r in rows if r[1] in tree.index]
    if not rows:
        return pd.DataFrame(columns=columns)
    templates = attribution_templates(db)
    chosen = selections(db)
    doc_attrs = _attributes(db, "document_attributes", "document_id")
    case_attrs = _attributes(db, "case_attributes", "case_id")
    documents: dict[int, dict[str, Any]] = {}
    for doc_id in {r[3] for r in rows}:
        name, kind, text = db.execute("SELECT name, kind, text FROM documents WHERE id = ?", [doc_id]).fetchone()
        units = db.execute("""SELECT start, end FROM units WHERE document_id = ? AND kind IN ('turn', 'answer',
                              'paragraph') ORDER BY start""", [doc_id]).fetchall()
        turns = db.execute("""SELECT start, end, case_id, is_data FROM units WHERE document_id = ?
                              AND kind IN ('turn', 'answer') ORDER BY start""", [doc_id]).fetchall()
        documents[doc_id] = {"name": hide.apply(name), "kind": kind, "text": text, "units": units,
                             "unit_starts": [u[0] for u in units], "times": cue_times(db, doc_id), "turns": turns,
                             "breaks": [m.start() for m in re.finditer("\n\n", text)]}
    out = []
    for coding_id, code_id, valence, doc_id, whole_start, whole_end, coding_case, memo, selected, is_data in rows:
        doc = documents[doc_id]
        text = doc["text"]
        for start, end, case_id in speaker_parts(doc["turns"], text, whole_start, whole_end, coding_case, is_data):
            at = bisect.bisect_right(doc["unit_starts"], start) - 1
            context = None
            if at >= 0 and doc["units"][at][1] >= end:
                unit_start, unit_end = doc["units"][at]
                if (unit_start, unit_end) != (start, end):
                    context = hide.apply(text[unit_start:unit_end].strip(), doc_id)
            values = {**doc_attrs.get(doc_id, {}), **case_attrs.get(case_id, {}), "kind": doc["kind"]}
            choice = chosen.get(coding_id) if selected else None
            form = choice["attribution"] if choice else "sjabloon"
            template = templates.get(doc["kind"], templates["default"])
            if form in FORM_TEMPLATES:
                template = FORM_TEMPLATES[form]
                values["rol"] = values.get("rol") or values.get("functie")
                if doc["kind"] == "mailbox":
                    values.setdefault("respondentgroep", "mailbox")
            quoted = render_excerpt(text, start, end, choice["excerpt"] if choice else None)
            if not quoted:
                continue  # a shortened quote that keeps no word of this speaker's part
            code = tree.loc[code_id]
            said = doc["times"].of(start, end)
            out.append({
                "coding_id": coding_id, "code_id": code_id, "key": code["key"], "label": code["label"],
                "depth": int(code["depth"]), "order": int(code["order"]), "valence": valence, "document_id": doc_id,
                "document": doc["name"], "kind": doc["kind"], "paragraph": bisect.bisect_left(doc["breaks"], start) + 1,
                "start": start, "end": end, "text": hide.apply(quoted, doc_id),
                "context": context,
                "memo": hide.apply(memo), "attribution": hide.apply(render_attribution(template, values)),
                "selected": bool(selected), "time": clock_range(said), "time_start": clock(said[0]) if said else "",
                "position": choice["position"] if choice else None, "form": form,
                "whole": hide.apply(" ".join(text[start:end].split()), doc_id)})
    frame = pd.DataFrame(out, columns=columns)
    frame["valence_order"] = frame["valence"].map(VALENCES.index)
    frame["unplaced"] = frame["position"].isna()
    frame = frame.sort_values(["order", "valence_order", "unplaced", "position", "document_id", "start", "end",
                               "coding_id"]).drop(columns="unplaced")
    # the same span under the same code by several coders is one quote, not two
    frame = frame.drop_duplicates(["code_id", "valence", "document_id", "start", "end"])
    return frame.drop(columns="valence_order").reset_index(drop=True)


def speaker_parts(turns: list[tuple[int, int, int | None, int]], text: str, start: int, end: int,
                  case_id: int | None, is_data: int) -> list[tuple[int, int, int | None]]:
    """A coding as the parts each speaker said: (start, end, case) per turn or answer it overlaps.

    Why: a coding that runs into the next turn would otherwise quote the facilitator's (or another
    participant's) words under the first speaker's name. Parts in a turn that is not data
    (facilitator) are left out; a coding inside one turn, or in a text without turns, is one part.
    """
    overlapping = [(max(start, s), min(end, e), case, data) for s, e, case, data in turns if s < end and start < e]
    if len(overlapping) <= 1:
        if overlapping:
            case_id, is_data = overlapping[0][2], overlapping[0][3]
        return [(start, end, case_id)] if is_data else []
    parts = []
    for part_start, part_end, case, data in overlapping:
        while part_start < part_end and text[part_start].isspace():
            part_start += 1
        while part_end > part_start and text[part_end - 1].isspace():
            part_end -= 1
        if data and part_end > part_start:
            parts.append((part_start, part_end, case))
    return parts


def duplicate_warnings(frame: pd.DataFrame) -> list[str]:
    """One line per quote used more than once (the same span or the same words), naming the codes."""
    warnings = []
    if frame.empty:
        return warnings
    keys = frame["text"].str.casefold().str.replace(r"\W+", " ", regex=True).str.strip()
    for _, group in frame.groupby(keys, sort=False):
        if len(group) > 1:
            text = group["text"].iloc[0]
            short = text if len(text) <= 60 else text[:57] + "..."
            codes = ", ".join(dict.fromkeys(group["key"]))
            warnings.append(say("exports.quotes.used_twice", {
                "quote": f"{OPEN_QUOTE}{short}{CLOSE_QUOTE}", "times": len(group), "codes": codes,
                "codings": ", ".join(map(str, group["coding_id"]))}))
    return warnings


# --- Word ---------------------------------------------------------------------------------------

def _style(document: DocxDocument, name: str, size: float, italic: bool = False, bold: bool = False,
           grey: bool = False) -> None:
    """A named paragraph style based on Normal, so the report writer can restyle it in Word."""
    if name in [s.name for s in document.styles]:
        return
    style = document.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = document.styles["Normal"]
    style.font.size = Pt(size)
    style.font.italic = italic
    style.font.bold = bold
    if grey:
        style.font.color.rgb = RGBColor(0x60, 0x60, 0x60)


def new_document(title: str) -> DocxDocument:
    """A Word document with the Werkbank styles and a title."""
    document = Document()
    _style(document, STYLE_VALENCE, 11, bold=True)
    _style(document, STYLE_SOURCE, 8, grey=True)
    _style(document, STYLE_NOTE, 9, italic=True, grey=True)
    document.add_paragraph(title, style="Title")
    return document


def paragraph(document: DocxDocument, text: str, style: str) -> Any:
    """A paragraph in a named style, set by id: python-docx's lookup by name scans every style
    on each call (most of the time of a 2,000-quote bank)."""
    ids = document.__dict__.setdefault("_werkbank_style_ids", {})
    if style not in ids:
        ids[style] = document.styles[style].style_id
    added = document.add_paragraph(text)
    added._p.style = ids[style]
    return added


def add_quote(document: DocxDocument, row: dict[str, Any], context: bool = False, memo: bool = False,
              source: bool = True, times: bool = False) -> None:
    """The quote in single quotes with its attribution; optionally context, memo and source reference,
    and with `times` where a transcript quote was said: "(groepsgesprek 2, 00:14:05)"."""
    said = f" ({row['document']}, {row['time_start']})" if times and row.get("time_start") else ""
    paragraph(document, f"{OPEN_QUOTE}{row['text']}{CLOSE_QUOTE} ({row['attribution']}){said}", "Quote")
    if context and row.get("context"):
        paragraph(document, say("exports.quotes.context", {"text": row["context"]}), STYLE_NOTE)
    if memo and row.get("memo"):
        paragraph(document, say("exports.quotes.memo", {"text": row["memo"]}), STYLE_NOTE)
    if source:
        paragraph(document, say("exports.quotes.source", {"document": row["document"], "paragraph": row["paragraph"]}),
                  STYLE_SOURCE)


def add_quotes(document: DocxDocument, frame: pd.DataFrame, context: bool, memo: bool, source: bool,
               times: bool = False) -> None:
    """Quotes of one code or theme: sterktes first, then groeikansen, then the rest."""
    for valence in VALENCES:
        part = frame[frame["valence"] == valence]
        if part.empty:
            continue
        paragraph(document, say(f"exports.quotes.section.{valence}"), STYLE_VALENCE)
        for row in part.to_dict("records"):
            add_quote(document, row, context, memo, source, times)


def write_quote_bank(project: Project, path: str | Path, codebook: str | None = None, selected_only: bool = False,
                     context: bool = False, memo: bool = False, source: bool = True,
                     title: str | None = None, times: bool = False, layer: str | None = None,
                     allow_unreviewed: bool = False) -> dict[str, Any]:
    """Write the quote bank as .docx: a heading per code (codebook order), its quotes under it.

    Refused while a quote holds a possible name nobody reviewed, unless `allow_unreviewed`.
    Returns {"path", "quotes", "warnings"}; warnings list quotes used more than once and unreviewed names.
    """
    from .gate import describe, frame_spans, require_reviewed

    path = Path(path)
    if path.suffix.lower() != ".docx":
        raise ProjectError("exports.quotes.not_docx", suffix=path.suffix or say("exports.no_extension"))
    hide = anonymiser(project)
    frame = quotes(project, codebook, selected_only, hide, layer=layer)
    open_names = require_reviewed(project, frame_spans(frame), allow_unreviewed, hide)
    tree = code_tree(project, codebook)
    document = new_document(title or say("exports.quotes.title"))
    document.add_paragraph(layer_note(chosen_layer(project, layer)))
    if frame.empty:
        document.add_paragraph(say("exports.quotes.none_selected" if selected_only else "exports.quotes.none"))
    used = set(frame["code_id"])
    wanted = _with_ancestors(tree, used)
    for code_id, code in tree.iterrows():
        if code_id not in wanted:
            continue
        document.add_heading(hide.apply(code["label"]), level=min(int(code["depth"]) + 1, 9))
        add_quotes(document, frame[frame["code_id"] == code_id], context, memo, source, times)
    with replacing(path) as partial:
        document.save(str(partial))
    unreviewed = [say("exports.gate.not_reviewed", {"line": line}) for line in describe(open_names).splitlines()] \
        if open_names else []
    return {"path": path, "quotes": len(frame), "warnings": duplicate_warnings(frame) + unreviewed}


def _with_ancestors(tree: pd.DataFrame, codes: set[int]) -> set[int]:
    """The codes and every ancestor, so each quote sits under its full heading path."""
    out: set[int] = set()
    for code in codes:
        while code is not None and not pd.isna(code) and code not in out:
            out.add(code)
            parent = tree.loc[code, "parent_id"]
            code = int(parent) if not pd.isna(parent) else None
    return out
