"""Altair charts of the analysis tables (the table in, the chart out; no project access).

Every chart holds a point selection named SELECTION over the fields that identify a cell
(code_id, and valence / the attribute value / code_id_b where the chart has them; for the charts
of the data collection the session, or the respondents' attribute values), so a page can read the
clicked cell and pass it to `coding.analysis.interactive.cell_fragments`.
Axis titles come from the catalogs in the chosen language (TITLES), replaceable per call.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import altair as alt
import pandas as pd

from coding.store.model import KINDS, VALENCES
from coding.analysis.cooccurrence import symmetric
from coding.analysis.descriptives import TOTAL
from coding.errors import say

SELECTION = "cel"
VALENCE_COLORS = {"sterkte": "#2e7d32", "groeikans": "#c62828", "neutraal": "#9e9e9e"}
TITLE_NAMES = ("code", "fragments", "speakers", "documents", "sessions", "valence", "count", "row_share", "column_share", "kind", "role", "code_b", "moment", "rating", "session", "participants", "balance", "code_id", "code_id_a", "code_id_b", "label_a", "label_b", "n", "written_input", "respondents", "share_rose", "share_stayed", "share_fell", "column", "datum", "locatie", "respondentgroep", "sector", "rol", "onderwijsnet", "ondersteuningsmodel")
# A page column at 1366x768 is about 900 px: code labels (up to 360) + two panels + legend fit in it.
PANEL_WIDTH = 180
PANEL_COLUMNS = 2


class _Titles(Mapping[str, str]):
    """Axis titles in the chosen language, looked up when a chart is drawn (catalog keys charts.NAME)."""

    def __init__(self, names: tuple[str, ...], prefix: str):
        self.names, self.prefix = names, prefix

    def __getitem__(self, name: str) -> str:
        if name not in self.names:
            raise KeyError(name)
        return say(f"{self.prefix}{name}")

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)


TITLES = _Titles(TITLE_NAMES, "charts.")
MEASURE_TITLES = _Titles(("fragments", "speakers"), "charts.measure.")


def _tips(titles: Mapping[str, str], fields: list) -> list[alt.Tooltip]:
    """Tooltips with the Dutch titles (a bare field name would show as is, e.g. row_share)."""
    tips = []
    for item in fields:
        tip = alt.Tooltip(item) if isinstance(item, str) else item
        name = tip.shorthand.split(":")[0]
        tip.title = titles.get(name, name)
        tips.append(tip)
    return tips


def _indented(frame: pd.DataFrame) -> pd.Series:
    """Code labels prefixed by depth ("· · label") so the tree reads on the axis (renderers trim spaces)."""
    return frame["depth"].map(lambda depth: "· " * depth) + frame["label"]


def _code_axis(frame: pd.DataFrame, title: str) -> alt.Y:
    order = list(dict.fromkeys(frame.sort_values("order")["code"]))
    return alt.Y("code:N", sort=order, title=title, axis=alt.Axis(labelLimit=360))


def _with_code(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame.copy()
    frame["code"] = _indented(frame)
    return frame


def frequency_chart(table: pd.DataFrame, measure: str = "fragments", by: str | None = None,
                    titles: Mapping[str, str] = TITLES) -> alt.Chart:
    """Horizontal bars per code in codebook order, stacked by valence, a panel per group (from `frequencies`)."""
    keys = ["code_id", "code", "order", "depth"] + ([by] if by else [])
    parts = [f"{measure}_{v}" for v in VALENCES]
    long = _with_code(table)[keys + parts].melt(id_vars=keys, value_vars=parts, var_name="valence", value_name=measure)
    long["valence"] = long["valence"].str.removeprefix(f"{measure}_")
    if by:
        long[by] = long[by].astype(str)
    selection = alt.selection_point(name=SELECTION, fields=["code_id", "valence"] + ([by] if by else []))
    # bars side by side, not stacked: a fragment with both valences would otherwise be counted twice
    chart = alt.Chart(long).mark_bar().encode(
        x=alt.X(f"{measure}:Q", title=titles[measure], stack=None, axis=alt.Axis(tickMinStep=1)),
        y=_code_axis(long, titles["code"]),
        yOffset=alt.YOffset("valence:N", sort=list(VALENCES)),
        color=alt.Color("valence:N", title=titles["valence"], scale=_valence_scale()),
        opacity=alt.condition(selection, alt.value(1), alt.value(0.4)),
        tooltip=_tips(titles, ["code:N", "valence:N", f"{measure}:Q", "code_id:Q"]),
    ).add_params(selection).properties(height=alt.Step(7))
    return _panels(chart, by) if by else chart


def _panels(chart: alt.Chart, by: str) -> alt.FacetChart:
    """One narrow panel per group, wrapped PANEL_COLUMNS to a row, so a chart of many groups (seven
    roles) grows down the page instead of past the right edge of its column."""
    header = alt.Header(labelLimit=PANEL_WIDTH)  # a long group name would widen its panel (the tooltip has it whole)
    return chart.properties(width=PANEL_WIDTH).facet(
        facet=alt.Facet(f"{by}:N", title=TITLES.get(by, by), header=header), columns=PANEL_COLUMNS)


def _valence_scale() -> alt.Scale:
    return alt.Scale(domain=list(VALENCES), range=[VALENCE_COLORS[v] for v in VALENCES])


def balance_chart(table: pd.DataFrame, by: str | None = None, titles: Mapping[str, str] = TITLES) -> alt.Chart:
    """Diverging bars: sterkte to the right, groeikans to the left, one panel per group (from `balance`)."""
    frame = _with_code(table)
    keys = ["code_id", "code", "order", "depth"] + ([by] if by else [])
    long = frame.melt(id_vars=keys, value_vars=["sterkte", "groeikans"], var_name="valence", value_name="count")
    long["signed"] = long["count"].where(long["valence"] == "sterkte", -long["count"])
    if by:
        long[by] = long[by].astype(str)
    measure = MEASURE_TITLES.get(str(table["measure"].iloc[0]), "") if len(table) else ""
    selection = alt.selection_point(name=SELECTION, fields=["code_id", "valence"] + ([by] if by else []))
    chart = alt.Chart(long).mark_bar().encode(
        x=alt.X("signed:Q", title=f"{titles['balance']} ({measure})",
                axis=alt.Axis(labelExpr="abs(datum.value)", tickMinStep=1)),
        y=_code_axis(long, titles["code"]),
        color=alt.Color("valence:N", title=titles["valence"], scale=_valence_scale()),
        opacity=alt.condition(selection, alt.value(1), alt.value(0.4)),
        tooltip=_tips(titles, ["code:N", "valence:N", "count:Q", "code_id:Q"] + ([f"{by}:N"] if by else [])),
    ).add_params(selection)
    return _panels(chart, by) if by else chart


def matrix_chart(matrix: pd.DataFrame, by: str, value: str = "count", titles: Mapping[str, str] = TITLES) -> alt.Chart:
    """Heatmap code x value of `by`, coloured and labelled by count or share (from `code_matrix`)."""
    frame = _with_code(matrix)
    frame[by] = frame[by].astype(str)
    selection = alt.selection_point(name=SELECTION, fields=["code_id", by])
    base = alt.Chart(frame).encode(x=alt.X(f"{by}:N", title=titles.get(by, by), axis=alt.Axis(orient="top", labelAngle=0)),
                                   y=_code_axis(frame, titles["code"]))
    fmt = "d" if value == "count" else ".0%"
    cells = base.mark_rect().encode(
        color=alt.Color(f"{value}:Q", title=titles.get(value, value), scale=alt.Scale(scheme="blues")),
        opacity=alt.condition(selection, alt.value(1), alt.value(0.5)),
        tooltip=_tips(titles, ["code:N", f"{by}:N", "count:Q", "row_share:Q", "column_share:Q", "code_id:Q"]),
    ).add_params(selection)
    labels = base.mark_text(fontSize=10).encode(text=alt.Text(f"{value}:Q", format=fmt))
    return cells + labels


def sources_chart(table: pd.DataFrame, titles: Mapping[str, str] = TITLES) -> alt.Chart:
    """Heatmap code x source kind with the mailbox role per code (from `sources`)."""
    kinds = [k for k in KINDS if k in table.columns]
    frame = _with_code(table)
    frame["code"] = frame["code"] + frame["role"].map(lambda r: f"  [{r}]" if r else "")
    long = frame.melt(id_vars=["code_id", "code", "order", "role"], value_vars=kinds, var_name="kind",
                      value_name="fragments")
    selection = alt.selection_point(name=SELECTION, fields=["code_id", "kind"])
    base = alt.Chart(long).encode(x=alt.X("kind:N", sort=kinds, title=titles["kind"], axis=alt.Axis(orient="top", labelAngle=0)),
                                  y=_code_axis(long, titles["code"]))
    cells = base.mark_rect().encode(
        color=alt.Color("fragments:Q", title=titles["fragments"], scale=alt.Scale(scheme="blues")),
        opacity=alt.condition(selection, alt.value(1), alt.value(0.5)),
        tooltip=_tips(titles, ["code:N", "kind:N", "fragments:Q", "role:N", "code_id:Q"]),
    ).add_params(selection)
    return cells + base.mark_text(fontSize=10).encode(text="fragments:Q")


def cooccurrence_chart(pairs: pd.DataFrame, titles: Mapping[str, str] = TITLES) -> alt.Chart:
    """Square heatmap of co-occurring codes (from `cooccurrence`; both orientations drawn)."""
    frame = symmetric(pairs)
    order_a = list(dict.fromkeys(frame.sort_values("order_a")["label_a"]))
    order_b = list(dict.fromkeys(frame.sort_values("order_b")["label_b"]))
    selection = alt.selection_point(name=SELECTION, fields=["code_id_a", "code_id_b"])
    base = alt.Chart(frame).encode(
        x=alt.X("label_b:N", sort=order_b, title=titles["code_b"], axis=alt.Axis(labelAngle=-90, labelLimit=200, labelOverlap=False)),
        y=alt.Y("label_a:N", sort=order_a, title=titles["code"], axis=alt.Axis(labelLimit=300)))
    cells = base.mark_rect().encode(
        color=alt.Color("count:Q", title=titles["count"], scale=alt.Scale(scheme="purples")),
        opacity=alt.condition(selection, alt.value(1), alt.value(0.5)),
        tooltip=_tips(titles, ["label_a:N", "label_b:N", "count:Q", "code_id_a:Q", "code_id_b:Q"]),
    ).add_params(selection)
    return cells + base.mark_text(fontSize=10).encode(text="count:Q")


def ratings_chart(changes: pd.DataFrame, by: str, titles: Mapping[str, str] = TITLES) -> alt.Chart:
    """Dumbbell per group: mean self-rating at the start and now; the labels give the shares that rose,
    stayed and fell (from `rating_changes` or `rating_summary`)."""
    frame = changes.copy()
    frame[by] = frame[by].astype(str)  # the group as stored: what a clicked point hands back
    frame["group"] = frame[by] + frame.apply(
        lambda r: f" (n={r.respondents}: ↑{r.share_rose:.0%} ={r.share_stayed:.0%} ↓{r.share_fell:.0%})", axis=1)
    long = frame.melt(id_vars=[by, "group", "share_rose", "share_stayed", "share_fell", "respondents"],
                      value_vars=["mean_start", "mean_now"], var_name="moment", value_name="rating")
    long["moment"] = long["moment"].map({"mean_start": "start", "mean_now": "nu"})
    selection = alt.selection_point(name=SELECTION, fields=[by])
    y = alt.Y("group:N", title=titles.get(by, by), axis=alt.Axis(labelLimit=400))
    line = alt.Chart(frame).mark_rule(color="#757575", strokeWidth=2).encode(
        x=alt.X("mean_start:Q", title=titles["rating"], scale=alt.Scale(domain=[1, 10])), x2="mean_now:Q", y=y)
    points = alt.Chart(long).mark_circle(size=120, opacity=1).encode(
        x="rating:Q", y=y,
        color=alt.Color("moment:N", title=titles["moment"], scale=alt.Scale(domain=["start", "nu"],
                                                                           range=["#9e9e9e", "#1565c0"])),
        tooltip=_tips(titles, ["group:N", "moment:N", "rating:Q", "respondents:Q", alt.Tooltip("share_rose:Q", format=".0%"),
                 alt.Tooltip("share_stayed:Q", format=".0%"), alt.Tooltip("share_fell:Q", format=".0%")]),
    ).add_params(selection)
    return line + points


def overview_chart(table: pd.DataFrame, titles: Mapping[str, str] = TITLES) -> alt.Chart:
    """Bars per session (participants) and per mailbox (responses) (from `overview`)."""
    frame = table.copy()
    frame["n"] = frame["participants"].fillna(frame["responses"]).astype("float")
    selection = alt.selection_point(name=SELECTION, fields=["kind", "session"])
    return alt.Chart(frame).mark_bar().encode(
        x=alt.X("n:Q", title=titles["participants"]),
        y=alt.Y("session:N", sort=list(frame["session"]), title=titles["session"], axis=alt.Axis(labelLimit=300)),
        color=alt.Color("kind:N", title=titles["kind"]),
        opacity=alt.condition(selection, alt.value(1), alt.value(0.5)),
        tooltip=_tips(titles, ["session:N", "kind:N", "datum:N", "locatie:N", "respondentgroep:N", "n:Q", "written_input:Q"]),
    ).add_params(selection)


def crosstab_chart(table: pd.DataFrame, rows: str, columns: str = "column",
                   titles: Mapping[str, str] = TITLES) -> alt.Chart:
    """Heatmap of a respondent crosstab without its totals (from `mailbox_crosstab`); a clicked cell
    names both attributes (`columns` is the column attribute's name)."""
    inner = table[table[rows] != TOTAL].drop(columns=[TOTAL])
    long = inner.melt(id_vars=[rows], var_name=columns, value_name="count")
    selection = alt.selection_point(name=SELECTION, fields=[rows, columns])
    base = alt.Chart(long).encode(x=alt.X(f"{columns}:N", title=None,
                                          axis=alt.Axis(orient="top", labelAngle=0, labelLimit=300)),
                                  y=alt.Y(f"{rows}:N", title=titles.get(rows, rows)))
    cells = base.mark_rect().encode(
        color=alt.Color("count:Q", title=titles["count"], scale=alt.Scale(scheme="greens")),
        opacity=alt.condition(selection, alt.value(1), alt.value(0.5)),
        tooltip=_tips(titles, [f"{rows}:N", f"{columns}:N", "count:Q"])).add_params(selection)
    return cells + base.mark_text(fontSize=10).encode(text="count:Q")
