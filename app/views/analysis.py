"""Analysis: choose a codebook and an analysis, filter on attributes, read the table and the chart,
click a bar or cell to see the fragments behind it, download the chart (PNG/SVG) and table (CSV/XLSX).

Every number comes from coding.analysis; this page only chooses, draws and lists.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from app.page import may, md, reported, require
from app import formats
from app.strings import t, tn
from coding import analysis as an
from coding.analysis import charts
from coding.analysis.interactive import FILTERS, GROUPS, cell_attributes, cell_fragments, filter_choices
from coding.codebooks.operations import list_codebooks
from coding.store.model import FUNCTION, NET, SECTOR, VALENCES
from coding.team.layers import choices as layer_choices
from exports.layer_note import layer_label, layer_note
from app.components.names_review import unreviewed_notice
from app.components.quote_bank import mark_buttons
from exports import gate

ANALYSES = ("frequencies", "balance", "matrix", "sources", "cooccurrence", "descriptives", "prevalence")
CELL = "an_cell"
DRAWN: set[tuple[str, str]] = set()   # (chart, variant) drawn in this run: a click on another is not listed
TOP_PAIRS = 15
DRILL_MARKED = 30  # fragments of a mark offered for the quote bank; the rest via the Fragmenten page
DRILL_COLUMNS = ["document", "kind", "text", "rol", "sector", "ondersteuningsmodel", "codes", "valences"]

project, me = require()

books = list_codebooks(project.db)
if not books:
    st.info(t("an.no_codebooks"))
    st.stop()
book_ids = [b["id"] for b in books]
titles = {b["id"]: f"{b['title']} ({b['codings']})" for b in books}
if st.session_state.get("an_codebook") not in book_ids:
    st.session_state["an_codebook"] = max(books, key=lambda b: b["codings"])["id"]

st.title(t("an.title"))
top_left, top_mid, top_right = st.columns([2, 2, 2])
codebook = top_left.selectbox(t("an.codebook"), book_ids, format_func=titles.get, key="an_codebook")
analysis = top_mid.selectbox(t("an.analysis"), ANALYSES, format_func=lambda a: t(f"an.kind.{a}"),
                             key="an_analysis")
layers = {option.name: option for option in layer_choices(project.db)}
if st.session_state.get("an_layer") not in layers:
    st.session_state["an_layer"] = next(iter(layers), None)
layer_name = top_right.selectbox(t("an.layer"), list(layers), key="an_layer", help=t("an.layer_help"),
                                 format_func=lambda n: layer_label(layers[n]))

choices = filter_choices(project)
active = [name for name in FILTERS if st.session_state.get(f"an_f_{name}")]
with st.expander(t("an.filters_on", count=len(active)) if active else t("an.filters"), expanded=False):
    st.caption(t("an.filter_help"))
    columns = st.columns(4)
    for number, name in enumerate(FILTERS):
        columns[number % 4].multiselect(t(f"an.filter.{name}"), choices[name], key=f"an_f_{name}")
filters = {name: st.session_state[f"an_f_{name}"] for name in FILTERS if st.session_state.get(f"an_f_{name}")}
if layer_name is not None and "coder" not in filters:
    filters["layer"] = layer_name
LAYER_NOTE = layer_note(an.layer_of(project, filters))   # every table and chart here says whose codings it counts


def _filter_note() -> str:
    """The active filters in one line, for a chart's caption (the layer has its own line)."""
    chosen = [f"{t(f'an.filter.{name}')}: {', '.join(map(str, filters[name]))}" for name in FILTERS if name in filters]
    return t("an.caption.filters", filters="; ".join(chosen)) if chosen else t("an.caption.no_filters")


CAPTION = [LAYER_NOTE, _filter_note()]


def _labels(frame: pd.DataFrame) -> dict[str, str]:
    """Dutch headers for the columns that have one (others keep their name, e.g. attribute values)."""
    return {c: t(f"an.col.{c}") for c in frame.columns if t(f"an.col.{c}") != f"an.col.{c}"}


def _tree_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """A code table for reading: the label indented by depth, the internal columns left out."""
    shown = frame.copy()
    shown["label"] = shown["depth"].map(lambda d: "\u2003" * int(d)) + shown["label"]
    return shown.drop(columns=[c for c in ("code_id", "codebook", "order", "depth", "measure") if c in shown])


def _table_file(frame: pd.DataFrame, suffix: str, documents: list[Any] | None = None) -> bytes:
    """The table as it downloads: Dutch headers, through the export gate (anonymised by each row's
    document, formula-safe)."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"tabel{suffix}"
        return gate.write_table(project, frame.rename(columns=_labels(frame)), path, documents=documents).read_bytes()


def _downloads(name: str, chart: alt.TopLevelMixin | None, table: pd.DataFrame | None,
               documents: list[Any] | None = None) -> None:
    """Download buttons; files are made only when clicked (rendering a PNG takes a moment)."""
    with st.container(horizontal=True):
        if chart is not None:
            st.download_button(t("an.download_png"), lambda: gate.chart_bytes(project, chart, "png"), f"{name}.png",
                               "image/png", key=f"dl_png_{name}", on_click="ignore")
            st.download_button(t("an.download_svg"), lambda: gate.chart_bytes(project, chart, "svg"), f"{name}.svg",
                               "image/svg+xml", key=f"dl_svg_{name}", on_click="ignore")
        if table is not None:
            st.download_button(t("an.download_csv"), lambda: _table_file(table, ".csv", documents), f"{name}.csv",
                               "text/csv", key=f"dl_csv_{name}", on_click="ignore")
            st.download_button(t("an.download_xlsx"), lambda: _table_file(table, ".xlsx", documents), f"{name}.xlsx",
                               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                               key=f"dl_xlsx_{name}", on_click="ignore")


def _picked(key: str, chart: str, variant: str) -> None:
    """Remember the clicked mark (or forget it when the click cleared the selection)."""
    cells = (st.session_state[key].selection or {}).get(charts.SELECTION) or []
    st.session_state[CELL] = {"analysis": analysis, "chart": chart, "variant": variant, "codebook": codebook,
                              "cell": dict(cells[0])} if cells else None


def _chart(chart_key: str, filename: str, chart: alt.TopLevelMixin, table: pd.DataFrame, variant: str = "",
           codings: bool = True) -> None:
    """A chart whose marks lead to their fragments, captioned (also in the PNG/SVG) with the layer and
    filters it counts under; `chart_key` names it for the drill-down, `variant` the choices that change
    what its marks mean (a click under other choices is forgotten). A chart of the data collection
    (`codings` False) counts sessions and respondents, so its caption says layer and filters do not apply."""
    key = f"an_chart_{chart_key}_{variant}"
    DRAWN.add((chart_key, variant))
    caption = CAPTION if codings else [t("an.caption.no_codings")]
    title = alt.TitleParams(caption, anchor="start", fontSize=12, fontWeight="normal")
    chart = chart.properties(title=title).configure(locale=formats.chart_locale())
    st.caption(t("an.click"))
    st.altair_chart(chart, on_select=lambda: _picked(key, chart_key, variant), selection_mode=charts.SELECTION,
                    key=key)
    _downloads(filename, chart, table)


def _choice(label: str, options: list[Any], key: str, fmt: Callable[[Any], str] = str, where: Any = st) -> Any:
    return where.selectbox(label, options, format_func=fmt, key=key)


def _code_name(code_id: Any) -> str:
    tree = an.code_tree(project, codebook)
    code = int(float(code_id))
    return str(tree.at[code, "label"]) if code in tree.index else str(code)


def _attribute_name(name: str) -> str:
    label = t(f"an.filter.{name}")
    return name if label == f"an.filter.{name}" else label


def _what(cell: dict[str, Any]) -> str:
    """What a clicked mark stands for, in words: the code (or pair) and the group."""
    if "code_id_a" in cell:
        return t("an.cell.pair", a=_code_name(cell["code_id_a"]), b=_code_name(cell["code_id_b"]))
    attributes = cell_attributes(cell)
    if "kind" not in cell:
        attributes.pop("kind", None)  # implied by a cell of respondents, not clicked
    details = [t(f"valence.{cell['valence']}")] if cell.get("valence") else []
    details += [f"{_attribute_name(name)} {value}" for name, value in attributes.items()]
    if "code_id" in cell:
        return " · ".join([t("an.cell.code", label=_code_name(cell["code_id"])), *details])
    if {"session", "document"} & set(attributes):
        return " · ".join(details)
    return t("an.cell.respondents", what=" · ".join(details))  # a crosstab cell, a rating point


def _drill() -> None:
    """The fragments behind the clicked mark of a chart on this page, as the Fragmenten page lists
    them (attribution, never a sealed identity); their download goes through the export gate."""
    picked = st.session_state.get(CELL)
    if not picked or (picked.get("analysis"), picked.get("codebook")) != (analysis, codebook) \
            or (picked.get("chart"), picked.get("variant")) not in DRAWN:
        return
    cell = picked["cell"]
    rows = cell_fragments(project, cell, codebook, filters)
    if rows is None:
        return
    st.subheader(t("an.drill", what=_what(cell)))
    if rows.empty:
        st.caption(t("an.drill_none"))
    else:
        st.caption(tn("an.drill_count", len(rows), count=len(rows)))
        shown = rows[[c for c in DRILL_COLUMNS if c in rows.columns]]
        config = {**_labels(shown), "text": st.column_config.TextColumn(t("an.col.text"), width="large")}
        st.dataframe(shown.astype(object).where(shown.notna(), ""), hide_index=True, column_config=config,
                     key="an_drill_table")
        if may("export_quotes"):
            _downloads("fragmenten", None, shown, rows["document_id"].tolist())
            unreviewed_notice(project, gate.frame_spans(rows))
            _mark_for_report(rows, cell)
        else:
            st.caption(t("ret.no_quote_export"))
    if st.button(t("an.drill_clear"), key="an_drill_clear"):
        st.session_state[CELL] = None
        st.rerun()


def _mark_for_report(rows: Any, cell: dict[str, Any]) -> None:
    """The drilled fragments can go to the report's quote bank from here, as on the Fragmenten page."""
    code = int(float(cell["code_id"])) if "code_id" in cell else None  # Vega sends numbers as floats
    valences = [cell["valence"]] if cell.get("valence") else None
    with st.expander(tn("an.drill_mark", min(len(rows), DRILL_MARKED), count=min(len(rows), DRILL_MARKED))):
        for k, row in enumerate(rows.head(DRILL_MARKED).itertuples()):
            st.text(row.text)  # text, never markdown
            mark_buttons(project, me, int(row.document_id), int(row.start), int(row.end), code, True, valences,
                         key=f"an_mark_{k}")


def _measure(options: tuple[str, ...], where: Any = st) -> str:
    return _choice(t("an.measure"), list(options), f"an_measure_{analysis}", lambda m: t(f"an.measure.{m}"), where)


def _by(where: Any = st, optional: bool = True) -> str | None:
    options = ([None] if optional else []) + list(GROUPS)
    return _choice(t("an.by"), options, f"an_by_{analysis}",
                   lambda b: t("an.by_none") if b is None else t(f"an.filter.{b}"), where)


def frequencies_view() -> None:
    measure = _measure(("fragments", "participants", "respondents", "speakers", "documents", "sessions"),
                       st.columns(3)[0])
    table = an.frequencies(project, codebook, filters)
    if not table["fragments"].any():
        st.info(t("an.empty"))
        return
    shown = _tree_labels(table)
    st.dataframe(formats.figures(shown), hide_index=True, column_config=_labels(shown), key="an_table")
    _chart("frequencies", "frequenties", charts.frequency_chart(table, measure), shown, measure)


def balance_view() -> None:
    left, right, _ = st.columns(3)
    by = _by(left)
    measure = _measure(("fragments", "speakers"), right)
    table = an.balance(project, codebook, by=by, measure=measure, filters=filters)
    if not table["total"].any():
        st.info(t("an.empty"))
        return
    shown = _tree_labels(table)
    _chart("balance", "balans", charts.balance_chart(table, by), shown, f"{by}_{measure}")
    st.dataframe(formats.figures(shown), hide_index=True, column_config=_labels(shown), key="an_table")


def matrix_view() -> None:
    left, mid, right = st.columns(3)
    by = _by(left, optional=False)
    measure = _measure(("fragments", "speakers"), mid)
    value = _choice(t("an.value"), ["count", "row_share", "column_share"], "an_value", lambda v: t(f"an.value.{v}"),
                    right)
    matrix = an.code_matrix(project, by, codebook, measure=measure, filters=filters)
    if not matrix["count"].any():
        st.info(t("an.empty"))
        return
    table = an.pivot(matrix, by, value)
    _chart("matrix", "matrix", charts.matrix_chart(matrix, by, value), table, f"{by}_{measure}")
    st.dataframe(formats.figures(table, shares=value != "count"), hide_index=True, column_config=_labels(table),
                 key="an_table")


def sources_view() -> None:
    table = an.sources(project, codebook, filters)
    if not table["sessions"].any() and not table["mailbox"].any():
        st.info(t("an.empty"))
        return
    st.caption(t("an.roles"))
    shown = _tree_labels(table)
    _chart("sources", "brontypes", charts.sources_chart(table), shown)
    st.dataframe(formats.figures(shown), hide_index=True, column_config=_labels(shown), key="an_table")


def cooccurrence_view() -> None:
    pairs = an.cooccurrence(project, codebook, filters)
    if pairs.empty:
        st.info(t("an.empty"))
        return
    top = pairs.head(TOP_PAIRS)[["label_a", "label_b", "count"]]
    _chart("cooccurrence", "samen", charts.cooccurrence_chart(pairs), pairs.drop(columns=["order_a", "order_b"]))
    st.subheader(t("an.top"))
    st.dataframe(top, hide_index=True, column_config=_labels(top), key="an_table")


def descriptives_view() -> None:
    st.subheader(t("an.overview"))
    table = an.overview(project)
    st.dataframe(formats.figures(table), hide_index=True, column_config=_labels(table), key="an_overview")
    _chart("overview", "gegevensverzameling", charts.overview_chart(table), table, codings=False)

    st.subheader(t("an.crosstab"))
    left, right, _ = st.columns(3)
    attributes = [SECTOR, NET, FUNCTION, "ondersteuningsmodel", "regio"]
    rows = _choice(t("an.crosstab_rows"), attributes, "an_ct_rows", where=left)
    cols = _choice(t("an.crosstab_columns"), [a for a in attributes if a != rows], "an_ct_cols", where=right)
    with reported():
        crosstab = an.mailbox_crosstab(project, columns=cols, rows=rows)
        st.dataframe(formats.figures(crosstab), hide_index=True, key="an_crosstab")
        _chart("crosstab", "mailbox_kruistabel", charts.crosstab_chart(crosstab, rows, cols), crosstab,
               f"{rows}_{cols}", codings=False)

    st.subheader(t("an.ratings"))
    by = _choice(t("an.ratings_by"), [SECTOR, NET, FUNCTION], "an_ratings_by", where=st.columns(3)[0])
    with reported():
        changes = an.rating_changes(project, by)
        if changes.empty:
            st.caption(t("an.ratings_none"))
            return
        summary = an.rating_summary(project, by)
        _chart("ratings", "handelingsbekwaamheid", charts.ratings_chart(changes, by), summary, by, codings=False)
        st.dataframe(formats.figures(summary), hide_index=True, column_config=_labels(summary), key="an_ratings")


def prevalence_view() -> None:
    tree = an.code_tree(project, codebook)
    if tree.empty:
        st.info(t("an.empty"))
        return
    first, second = st.columns(2)
    code_id = first.selectbox(t("an.prev.code"), list(tree.index), key="an_prev_code",
                              format_func=lambda c: "\u2003" * int(tree.at[c, "depth"]) + tree.at[c, "label"])
    unit = second.selectbox(t("an.prev.unit"), ["participants", "respondents", "speakers", "sessions"],
                            key="an_prev_unit",
                            format_func=lambda u: t(f"an.prev.unit.{u}"))
    a, b, c = st.columns(3)
    group_name = a.selectbox(t("an.prev.group"), [None, *GROUPS], key="an_prev_group",
                             format_func=lambda g: t("an.by_none") if g is None else t(f"an.filter.{g}"))
    group_value = b.selectbox(t("an.prev.group_value"), choices[group_name], key="an_prev_value") \
        if group_name else None
    valence = c.selectbox(t("an.prev.valence"), [None, *VALENCES], key="an_prev_valence",
                          format_func=lambda v: t("an.prev.any") if v is None else t(f"valence.{v}"))
    group = (group_name, group_value) if group_name and group_value else None
    result = an.prevalence(project, int(code_id), unit, group, valence, filters)
    unit_word = t(f"an.prev.unit.{unit}")
    if not result["total"]:
        st.info(t("an.prev.none", unit=unit_word))
        return
    key = "an.prev.sentence" if result["count"] == 1 else "an.prev.sentence_plural"
    st.markdown(t(key, quantifier=md(result["quantifier"].capitalize()), unit=unit_word, count=result["count"],
                  total=result["total"], share=formats.percent(result["share"])))
    st.caption(t("an.prev.help"))
    st.caption(LAYER_NOTE)


VIEWS = {"frequencies": frequencies_view, "balance": balance_view, "matrix": matrix_view, "sources": sources_view,
         "cooccurrence": cooccurrence_view, "descriptives": descriptives_view, "prevalence": prevalence_view}

with reported():
    VIEWS[analysis]()
    _drill()
