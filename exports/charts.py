"""Charts to PNG, SVG or a self-contained HTML file, rendered offline by vl-convert."""

from __future__ import annotations

from pathlib import Path

import altair as alt
import vl_convert as vlc

from coding.errors import language, say
from coding.store.project import ProjectError

CHART_SUFFIXES = (".png", ".svg", ".html")
LOCALES = {"nl": "nl-NL", "en": "en-GB"}  # the reader's numbers: a decimal comma in Dutch (a chart's own config.locale wins)


def chart_bytes(chart: alt.TopLevelMixin, fmt: str, scale: float = 2.0) -> bytes:
    """The chart rendered as png or svg (no network: vl-convert bundles Vega)."""
    spec = chart.to_dict()
    if fmt == "png":
        return vlc.vegalite_to_png(spec, scale=scale, format_locale=LOCALES[language()])
    if fmt == "svg":
        return vlc.vegalite_to_svg(spec, format_locale=LOCALES[language()]).encode("utf-8")
    raise ProjectError("exports.charts.format", format=fmt)


def save_chart(chart: alt.TopLevelMixin, path: str | Path, scale: float = 2.0) -> Path:
    """Write a chart as .png, .svg or .html (HTML inlines the Vega scripts, so it opens offline)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in CHART_SUFFIXES:
        raise ProjectError("exports.charts.suffix", suffix=suffix or say("exports.no_extension"))
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".html":
        path.write_text(vlc.vegalite_to_html(chart.to_dict(), bundle=True, format_locale=LOCALES[language()]), encoding="utf-8")
    else:
        path.write_bytes(chart_bytes(chart, suffix[1:], scale))
    return path
