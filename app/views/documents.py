"""Documents: import reports and mailbox exports from the browser, list documents with their
attributes, edit document attributes and what each speaker is (role, sector, ...)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from app import uploads
from app.page import act, md, require
from app.strings import t
from coding import importers
from coding.codings import attributes as attrs
from coding.analysis import glance as overview
from coding.importers import mailbox
from coding.files import yaml_input
from coding.store.model import KINDS
from coding.store.project import ProjectError

project, me = require()
db = project.db.conn
st.title(t("doc.title"))

import_tab, list_tab, edit_tab = st.tabs([t("doc.import"), t("doc.list"), t("doc.edit")])


def _saved(upload) -> Path:
    """The upload as a file with its own name (the importers read paths); an earlier upload of this
    session that is no longer on the page is removed (app.uploads)."""
    key = str(upload.file_id) if upload is not None else ""
    earlier = st.session_state.get("_upload_key")
    if earlier and earlier != key:
        uploads.discard(earlier)
    st.session_state["_upload_key"] = key
    return uploads.saved(key, upload.name, upload.getvalue()) if upload is not None else Path()


def _progress(bar):
    return lambda done, total: bar.progress(min(1.0, done / max(total, 1)), text=t("doc.progress", done=done,
                                                                                  total=total))


with import_tab:
    upload = st.file_uploader(t("doc.upload"), type=["docx", "txt", "md", "csv", "xlsx"], key="doc_upload")
    path = _saved(upload)
    if upload is not None:
        is_mailbox = path.suffix.lower() in importers.MAILBOX_SUFFIXES
        # Keyed per upload, so a second file gets its own name instead of the first file's.
        name = st.text_input(t("doc.name"), value=path.stem, key=f"doc_name_{upload.file_id}")
        if not is_mailbox:
            a, b = st.columns(2)
            kind = a.selectbox(t("doc.kind"), [k for k in KINDS if k != "mailbox"], key="doc_kind")
            group = b.text_input(t("doc.group"), key="doc_group")
            c, d, e = st.columns(3)
            region = c.text_input(t("doc.region"), key="doc_region")
            day = d.text_input(t("doc.date"), key="doc_date")
            sector = e.selectbox(t("doc.sector"), ["", "GeO", "BuO"], key="doc_sector",
                                 format_func=lambda s: s or t("doc.no_sector"))
            speakers = st.text_area(t("doc.speakers"), key="doc_speakers", help=t("doc.speakers_help"))
            if st.button(t("doc.do_import"), type="primary"):
                values = {"respondentgroep": group, "regio": region, "datum": day, "sector": sector}
                slot = st.empty()  # the progress bar, gone again when the import fails
                try:  # the rules are YAML: read within the same limits as a file
                    rules = yaml_input.load_text(speakers, "a speaker mapping", "the rules") \
                        if speakers.strip() else None
                except ProjectError as error:
                    st.error(t("doc.bad_yaml", message=md(error)))
                else:
                    try:
                        bar = slot.progress(0.0)
                        importers.import_file(project, path, me, kind, {k: v for k, v in values.items() if v},
                                              rules, name=name.strip() or None, progress=_progress(bar))
                        st.success(t("doc.imported", name=md(name)))
                    except ProjectError as error:
                        slot.empty()
                        st.error(t("doc.import_failed", name=md(upload.name), message=md(error)))
        else:
            try:
                headers, rows = mailbox.read_table(path)
            except ProjectError as error:
                st.error(t("doc.import_failed", name=md(upload.name), message=md(error)))
                st.stop()
            st.caption(t("doc.preview", rows=len(rows)))
            st.dataframe(pd.DataFrame(rows[:5], columns=headers), hide_index=True)
            proposed = mailbox.propose_mapping(headers, rows[:200])["columns"]
            table = pd.DataFrame([{"column": h, "role": spec.get("role"), "name": spec.get("name", "")}
                                  for h, spec in proposed.items()])
            st.markdown(f"**{t('doc.mapping')}**")
            st.caption(t("doc.mapping_help"))
            edited = st.data_editor(table, hide_index=True, disabled=["column"], key="doc_mapping", column_config={
                "column": t("doc.col.column"),
                "role": st.column_config.SelectboxColumn(t("doc.col.role"), options=list(mailbox.ROLES),
                                                         required=True),
                "name": t("doc.col.name")})
            if st.button(t("doc.do_import"), type="primary"):
                columns = {}
                for row in edited.itertuples():
                    spec = {"role": row.role}
                    if row.name and row.role in ("attribute", "rating"):
                        spec["name"] = row.name
                    columns[row.column] = spec
                slot = st.empty()
                try:
                    bar = slot.progress(0.0)
                    importers.import_mailbox(project, path, me, {"columns": columns}, name=name.strip() or None,
                                             progress=_progress(bar))
                    st.success(t("doc.imported", name=md(name)))
                except ProjectError as error:
                    slot.empty()
                    st.error(t("doc.import_failed", name=md(upload.name), message=md(error)))

documents = pd.read_sql_query("SELECT id, name, kind, imported_at, imported_by FROM documents ORDER BY name", db)

with list_tab:
    if documents.empty:
        st.info(t("doc.none"))
    else:
        listing = overview.documents_listing(db)
        st.dataframe(listing.drop(columns=["id"]), hide_index=True, width="stretch", column_config={
            "name": t("doc.name"), "kind": t("doc.kind"), "imported_at": t("doc.col.imported"),
            "imported_by": t("col.actor"), "cases": t("start.cases"), "codings": t("col.codings")})

with edit_tab:
    if documents.empty:
        st.info(t("doc.none"))
        st.stop()
    names = dict(zip(documents["id"], documents["name"]))
    document = st.selectbox(t("doc.document"), list(names), format_func=names.get, key="doc_edit")
    st.markdown(f"**{t('doc.attributes')}**")
    current = attrs.document_attributes(db, document)
    table = pd.DataFrame([{"name": k, "value": "" if v is None else str(v)} for k, v in current.items()],
                         columns=["name", "value"])
    edited = st.data_editor(table, num_rows="dynamic", hide_index=True, key=f"doc_attrs_{document}",
                            column_config={"name": t("doc.col.name"), "value": t("doc.col.value")})
    if st.button(t("doc.save_attrs")):
        wanted = {str(r.name).strip(): str(r.value).strip() for r in edited.itertuples()
                  if isinstance(r.name, str) and r.name.strip()}
        for name in set(current) - set(wanted):
            act(attrs.set_document_attribute, project, me, document, name, None)
        for name, value in wanted.items():
            if str(current.get(name, "")) != value:
                act(attrs.set_document_attribute, project, me, document, name, value or None)
        st.session_state["_flash"] = t("doc.saved")
        st.rerun()

    st.markdown(f"**{t('doc.speakers_title')}**")
    st.caption(t("doc.speakers_edit_help"))
    cases = db.execute("SELECT id, label FROM cases WHERE document_id = ? ORDER BY label", [document]).fetchall()
    if cases:
        fields = ["rol", "sector", "onderwijsnet", "ondersteuningsmodel", "functie"]
        rows = []
        for case_id, label in cases:
            values = attrs.case_attributes(db, case_id)
            rows.append({"id": case_id, "label": label, **{f: "" if values.get(f) is None else str(values[f])
                                                            for f in fields}})
        table = pd.DataFrame(rows)
        edited = st.data_editor(table, hide_index=True, disabled=["id", "label"], key=f"doc_cases_{document}",
                                column_config={"id": None, "label": t("doc.col.speaker"),
                                               "sector": st.column_config.SelectboxColumn(
                                                   "sector", options=["", "GeO", "BuO"])})
        if st.button(t("doc.save_speakers")):
            for before, after in zip(table.itertuples(), edited.itertuples()):
                for field in fields:
                    old, new = getattr(before, field), (getattr(after, field) or "").strip()
                    if old != new:
                        act(attrs.set_case_attribute, project, me, int(before.id), field, new or None)
            st.session_state["_flash"] = t("doc.saved")
            st.rerun()
    else:
        st.caption(md(t("doc.no_speakers")))
