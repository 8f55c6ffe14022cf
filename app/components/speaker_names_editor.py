"""The speakers of an uploaded transcript, mapped before import: a label, role and sector per name, and
who of them is the facilitator. The names are shown here only, to the person importing their own file;
after import they are sealed (coding.importers.speaker_names)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from app.strings import t
from coding.importers.speaker_names import map_speakers
from coding.importers.speakers import DEFAULT_RULES

ROLES = [""] + list(dict.fromkeys(rule["rol"] for rule in DEFAULT_RULES))
NO_ONE = ""


def speaker_names_editor(names: list[str], turns: int, key: str) -> list[dict[str, Any]]:
    """Draw the mapping of `names` (proposed as Deelnemer 1..n) and return it as import entries."""
    proposed = {s.name: s.label for s in map_speakers(names)}
    st.caption(t("tr.found", speakers=len(names), turns=turns))
    if not names:
        st.info(t("tr.no_speakers"))
        return []
    facilitator = st.selectbox(t("tr.facilitator"), [NO_ONE] + names, key=f"{key}_facilitator",
                               format_func=lambda n: n or t("tr.no_facilitator"), help=t("tr.facilitator_help"))
    heads = st.columns([3, 2, 2, 1.2])
    for column, text in zip(heads, (t("tr.col.name"), t("tr.col.label"), t("tr.col.role"), t("tr.col.sector"))):
        column.markdown(f"**{text}**")
    entries = []
    for number, name in enumerate(names):
        a, b, c, d = st.columns([3, 2, 2, 1.2], vertical_alignment="center")
        a.text(name)
        label = b.text_input(t("tr.label_of", number=number + 1), value=proposed[name], key=f"{key}_label_{number}",
                             label_visibility="collapsed")
        role = c.selectbox(t("tr.role_of", number=number + 1), ROLES, key=f"{key}_role_{number}",
                           label_visibility="collapsed", accept_new_options=True,
                           format_func=lambda r: r or t("tr.no_role"))
        sector = d.selectbox(t("tr.sector_of", number=number + 1), ["", "GeO", "BuO"], key=f"{key}_sector_{number}",
                             label_visibility="collapsed", format_func=lambda s: s or "–")
        entry: dict[str, Any] = {"name": name, "facilitator": name == facilitator}
        if label.strip():
            entry["label"] = label.strip()
        if role:
            entry["rol"] = role
        if sector:
            entry["sector"] = sector
        entries.append(entry)
    st.caption(t("tr.sealed_help"))
    return entries
