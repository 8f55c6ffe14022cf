"""Charts to PNG, SVG or a self-contained HTML file, rendered offline by vl-convert."""

from __future__ import annotations

from pathlib import Path

import altair as alt
import vl_convert as vlc

from coding.store.project import ProjectError

CHART_SUFFIXES = (".png", ".svg", ".html")
LOCALE = "nl-NL"  # decimal comma, as in the report


def chart_bytes(chart: alt.TopLevelMixin, fmt: str, scale: float = 2.0) -> bytes:
    """The chart rendered as png or svg (no network: vl-convert bundles Vega)."""
    spec = chart.to_dict()
    if fmt == "png":
        return vlc.vegalite_to_png(spec, scale=scale, format_locale=LOCALE)
    if fmt == "svg":
        return vlc.vegalite_to_svg(spec, format_locale=LOCALE).encode("utf-8")
    raise ProjectError(f"a chart is rendered as png or svg, not {fmt}")


def save_chart(chart: alt.TopLevelMixin, path: str | Path, scale: float = 2.0) -> Path:
    """Write a chart as .png, .svg or .html (HTML inlines the Vega scripts, so it opens offline)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in CHART_SUFFIXES:
        raise ProjectError(f"a chart is written as {', '.join(CHART_SUFFIXES)}, not {suffix or 'no extension'}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if suffix == ".html":
        path.write_text(vlc.vegalite_to_html(chart.to_dict(), bundle=True, format_locale=LOCALE), encoding="utf-8")
    else:
        path.write_bytes(chart_bytes(chart, suffix[1:], scale))
    return path
