"""The one way out: every file that leaves Werkbank, from the app or the CLI, passes this gate.

Why one gate: each writer used to anonymise (or not) on its own, and the app's downloads did not
do what the CLI guaranteed. Here a table is anonymised (the name table, sealed identifiers of its
own document, contact patterns), every text cell and column name neutralised against formula
injection, and the review list of possible names consulted: `require_reviewed` refuses an export
whose text still holds an unreviewed candidate (quote bank, findings), `unreviewed` lists them for
the app to show beside its download buttons and for the CLI to warn about.
`tests/test_export_gate.py` finds every download button and CLI export and checks it goes through here.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from coding.privacy import candidates
from coding.privacy.anonymise import Anonymiser, anonymiser
from coding.errors import say
from coding.store.project import Project, ProjectError

from .atomic import replacing
from .tables import neutralise, neutralised, save_table

Spans = Iterable[tuple[int, int, int]]


def unreviewed(project: Project | Any, spans: Spans | None = None, hide: Anonymiser | None = None) -> list[dict]:
    """Open possible names the exported text (`spans`: document, start, end; None: all) still holds."""
    return candidates.unreviewed(project, spans, hide)


def describe(found: list[dict[str, Any]], limit: int = 20) -> str:
    """One line per unreviewed candidate: name, document, sentence."""
    lines = [say("exports.gate.candidate", {"name": repr(c["name"]), "kind": c["kind"], "document": c["document"],
                                            "sentence": c["sentence"]}) for c in found[:limit]]
    if len(found) > limit:
        lines.append(say("exports.gate.more", {"count": len(found) - limit}))
    return "\n".join(lines)


def require_reviewed(project: Project | Any, spans: Spans | None = None, allow_unreviewed: bool = False,
                     hide: Anonymiser | None = None) -> list[dict[str, Any]]:
    """Refuse (ProjectError) while exported text holds an unreviewed possible name, unless allowed."""
    found = unreviewed(project, spans, hide)
    if found and not allow_unreviewed:
        raise ProjectError("exports.gate.unreviewed", count=len(found), names=describe(found))
    return found


def frame_spans(frame: pd.DataFrame) -> list[tuple[int, int, int]]:
    """The document spans a table of fragments or quotes carries (columns document_id, start, end)."""
    if not {"document_id", "start", "end"} <= set(frame.columns):
        return []
    return [(int(d), int(s), int(e)) for d, s, e in zip(frame["document_id"], frame["start"], frame["end"])
            if not (pd.isna(d) or pd.isna(s) or pd.isna(e))]


def safe_frame(project: Project | Any, frame: pd.DataFrame, hide: Anonymiser | None = None,
               documents: list[Any] | None = None) -> pd.DataFrame:
    """The table anonymised cell by cell (by the row's document where it has one) and formula-safe."""
    return neutralised(anonymised_frame(project, frame, hide, documents))


def anonymised_frame(project: Project | Any, frame: pd.DataFrame, hide: Anonymiser | None = None,
                     documents: list[Any] | None = None) -> pd.DataFrame:
    """The table with every text cell and column name anonymised, each row by its document (a
    `document_id` column, or `documents` given per row) so sealed identifiers of that document go too."""
    hide = hide or anonymiser(project)
    safe = frame.copy()
    if documents is None:
        documents = safe["document_id"].tolist() if "document_id" in safe.columns else [None] * len(safe)
    for column in safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]) and not pd.api.types.is_bool_dtype(safe[column]):
            safe[column] = [hide.apply(value, None if doc is None or pd.isna(doc) else int(doc))
                            for value, doc in zip(safe[column].astype(object), documents)]
    return safe.rename(columns=lambda c: hide.apply(str(c)))


def csv_bytes(project: Project | Any, frame: pd.DataFrame, float_format: str | None = None,
              bom: bool = True) -> bytes:
    """A table as the CSV a download button offers: through the gate, UTF-8 (with BOM for Excel)."""
    buffer = io.StringIO()
    safe_frame(project, frame).to_csv(buffer, index=False, float_format=float_format)
    return buffer.getvalue().encode("utf-8-sig" if bom else "utf-8")


def write_table(project: Project | Any, frame: pd.DataFrame, path: str | Path, sheet: str = "table",
                documents: list[Any] | None = None) -> Path:
    """A table to .csv/.xlsx through the gate."""
    return save_table(safe_frame(project, frame, documents=documents), path, sheet)


FORMULA_LINE_STARTS = ("=", "+", "@")


def text_bytes(project: Project | Any, text: str, formulas: bool = True) -> bytes:
    """A text download (Markdown, YAML, XML): anonymised; with `formulas`, a line that starts like a
    spreadsheet formula (= + @) gets a leading apostrophe, as a table cell would."""
    safe = anonymiser(project).apply(text)
    if formulas:
        safe = "\n".join("'" + line if line.startswith(FORMULA_LINE_STARTS) else line for line in safe.split("\n"))
    return safe.encode("utf-8")


def write_csv(project: Project | Any, frame: pd.DataFrame, path: str | Path, float_format: str | None = None) -> Path:
    """A table to a plain UTF-8 .csv through the gate (autocode, suggest, agreement), atomically."""
    path = Path(path)
    if path.suffix.lower() != ".csv":
        raise ProjectError("exports.gate.out_not_csv", name=path.name)
    data = csv_bytes(project, frame, float_format, bom=False)
    with replacing(path) as partial:
        Path(partial).write_bytes(data)
    return path


def anonymise_docx(project: Project | Any, path: str | Path) -> Path:
    """A Word file written by a writer that does not anonymise itself (live sessions): every run of
    every paragraph, table cell, header and footer through the anonymiser, saved in place."""
    from docx import Document

    hide = anonymiser(project)
    path = Path(path)
    document = Document(str(path))

    def paragraphs(container: Any) -> Iterable[Any]:
        yield from container.paragraphs
        for table in getattr(container, "tables", []):
            for row in table.rows:
                for cell in row.cells:
                    yield from paragraphs(cell)

    parts = [document] + [part for section in document.sections for part in (section.header, section.footer)]
    for part in parts:
        for paragraph in paragraphs(part):
            for run in paragraph.runs:
                safe = hide.apply(run.text)
                if safe != run.text:
                    run.text = safe
    with replacing(path) as partial:
        document.save(str(partial))
    return path


def mindmap_svg(project: Project | Any, session_id: int) -> str:
    """A live session's mindmap drawing, each text anonymised whole before it is laid out."""
    from . import live_docs

    return live_docs.mindmap_svg(project.db.conn, session_id, anonymiser(project).apply)


def _safe_chart(project: Project | Any, chart: Any) -> Any:
    """A copy of an Altair chart whose data (and its layers' data) and caption (the title: layer and
    filter values) went through the anonymiser."""
    hide = anonymiser(project)
    chart = chart.copy(deep=True)
    title = getattr(chart, "title", None)
    text = getattr(title, "text", title)
    if isinstance(text, (str, list)):
        safe = hide.apply(text) if isinstance(text, str) else [hide.apply(str(line)) for line in text]
        if isinstance(title, (str, list)):
            chart.title = safe
        else:
            title.text = safe

    def clean(node: Any) -> None:
        data = getattr(node, "data", None)
        if isinstance(data, pd.DataFrame):
            safe = data.copy()
            for column in safe.columns:
                if safe[column].dtype == object:
                    safe[column] = safe[column].map(hide.apply)
            node.data = safe
        for attribute in ("layer", "hconcat", "vconcat", "concat"):
            for child in getattr(node, attribute, None) or []:
                if hasattr(child, "to_dict"):
                    clean(child)

    clean(chart)
    return chart


def chart_bytes(project: Project | Any, chart: Any, fmt: str) -> bytes:
    """A chart download (png or svg) drawn from anonymised data."""
    from .charts import chart_bytes as render

    return render(_safe_chart(project, chart), fmt)


def save_chart(project: Project | Any, chart: Any, path: str | Path) -> Path:
    """A chart file (png, svg, html) drawn from anonymised data."""
    from .charts import save_chart as write

    return write(_safe_chart(project, chart), path)


def save_mindmap(project: Project | Any, session_id: int, path: str | Path) -> Path:
    """A live session's mindmap (.svg or .png) with its text anonymised."""
    path = Path(path)
    svg = mindmap_svg(project, session_id)
    if path.suffix.lower() == ".svg":
        data = svg.encode("utf-8")
    elif path.suffix.lower() == ".png":
        import vl_convert as vlc

        data = vlc.svg_to_png(svg, scale=2)
    else:
        raise ProjectError("exports.live.mindmap_suffix", suffix=path.suffix or say("exports.no_extension"))
    path.parent.mkdir(parents=True, exist_ok=True)
    with replacing(path) as partial:
        Path(partial).write_bytes(data)
    return path


def _written(write: Any, suffix: str) -> bytes:
    """The bytes of a file a writer of exports/ writes (they anonymise and check names themselves)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="werkbank-download-") as folder:
        path = Path(folder) / f"download{suffix}"
        write(path)
        return path.read_bytes()


def quote_bank_bytes(project: Project, codebook: str | None = None, selected_only: bool = True,
                     layer: str | None = None) -> bytes:
    """The quote bank (.docx) as a download: refused (ProjectError) while a quote holds an open possible name."""
    from .quotes import write_quote_bank

    return _written(lambda path: write_quote_bank(project, path, codebook, selected_only, layer=layer), ".docx")


def findings_bytes(project: Project, codebook: str, layer: str | None = None) -> bytes:
    """The findings draft (.docx) as a download: refused while a chosen quote holds an open possible name."""
    from .findings import write_findings

    return _written(lambda path: write_findings(project, path, codebook, layer=layer), ".docx")


def table_bytes(project: Project, what: str, suffix: str, codebook: str | None = None,
                selected_only: bool = False, layer: str | None = None) -> bytes:
    """A report table (codings, fragments, matrix; .csv or .xlsx) as a download, as `werkbank export table`."""
    from .report_tables import export_table

    return _written(lambda path: export_table(project, path, what, codebook, selected_only=selected_only,
                                              layer=layer), suffix)


def qdpx_bytes(project: Project) -> bytes:
    """The project as REFI-QDA (.qdpx) as a download, as `werkbank export qdpx`."""
    from .qdpx import write_qdpx

    return _written(lambda path: write_qdpx(project, path), ".qdpx")
