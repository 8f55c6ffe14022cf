"""Documents: import reports and mailbox exports from the browser, list documents with their
attributes, edit document attributes and what each speaker is (role, sector, ...)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import streamlit as st

from app.components.speaker_names_editor import speaker_names_editor
from app.components.names_review import review_panel, sealed_panel
from app import uploads
from app.page import act, done, md, require
from app.strings import action_label, t
from app.survey_text import answers_text, warning_text
from coding import importers
from exports import gate
from coding.codings import attributes as attrs
from coding.analysis import glance as overview
from coding.importers import accounting, mailbox
from coding.importers.remap import add_rules, rules_from_pairs
from coding.importers.speakers import document_participants
from coding.files import yaml_input
from coding.store import history
from coding.store.model import KINDS
from coding.store.project import ProjectError
from coding.store.removal import remove_document

project, me = require()
db = project.db.conn
st.title(t("doc.title"))

import_tab, list_tab, edit_tab, names_tab = st.tabs([t("doc.import"), t("doc.list"), t("doc.edit"), t("names.tab")])


def _saved(upload) -> Path:
    """The upload as a file with its own name (the importers read paths); an earlier upload of this
    session that is no longer on the page is removed (app.uploads)."""
    key = str(upload.file_id) if upload is not None else ""
    earlier = st.session_state.get("_upload_key")
    if earlier and earlier != key:
        uploads.discard(earlier)
    st.session_state["_upload_key"] = key
    return uploads.saved(key, upload.name, upload.getvalue()) if upload is not None else Path()


def _counted(counts: dict[str, int]) -> str:
    return ", ".join(f"{label} ({n}x)" for label, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _account(document_id: int) -> dict | None:
    """Where the words of an imported report went, and what was not understood (see coding.importers.accounting)."""
    report = accounting.stored(db, document_id)
    if report is None:
        return None
    kinds = ", ".join(f"{kind} {n}" for kind, n in sorted(report["left_out"].items())) or t("doc.none_left_out")
    st.caption(md(t("doc.account", **{k: report[k] for k in ("words_in", "data", "facilitator", "labels", "headings",
                                                             "other")},
                    left_out=sum(report["left_out"].values()), kinds=kinds)))
    if report["deleted"]:
        st.caption(md(t("doc.account_deleted", deleted=report["deleted"])))
    if report["lost"]:
        st.warning(md(t("doc.lost", lost=report["lost"])))
    if report["unknown_speakers"]:
        st.warning(md(t("doc.unknown_speakers", labels=_counted(report["unknown_speakers"]))))
    if report["not_understood"]:
        st.warning(md(t("doc.not_understood", labels=_counted(report["not_understood"]))))
    return report


def _progress(bar):
    return lambda done, total: bar.progress(min(1.0, done / max(total, 1)), text=t("doc.progress", done=done,
                                                                                  total=total))


def _mailbox_mapping(upload) -> dict | None:
    """A saved mapping the user uploaded to reuse, read within the YAML limits; None when none was given."""
    if upload is None:
        return None
    return mailbox.check_mapping(yaml_input.load_text(upload.getvalue().decode("utf-8", "replace"),
                                                      "a mailbox mapping", upload.name))


def _mailbox_import(path: Path, upload, name: str) -> None:
    """The survey import: the plan first (roles, samples, counts, warnings), an import only after confirmation."""
    key = upload.file_id
    a, b = st.columns(2)
    saved = a.file_uploader(t("survey.use_mapping"), type=["yaml", "yml"], key=f"doc_mapping_file_{key}")
    lenient = b.checkbox(t("survey.lenient"), key=f"doc_lenient_{key}")
    try:
        plan = importers.preview_mailbox(path, _mailbox_mapping(saved), lenient=lenient)
    except ProjectError as error:
        st.error(t("doc.import_failed", name=md(upload.name), message=md(error)))
        return
    tool = t("survey.tool", tool=plan.tool) if plan.tool else ""
    st.markdown(f"**{t('doc.mapping')}**")
    st.caption(md(t("survey.head", file=upload.name, tool=tool, respondents=plan.respondents,
                    header_rows=plan.header_rows)))
    if plan.warnings:
        st.warning("\n".join(f"- {md(warning_text(kind, values))}" for kind, values in plan.warnings))
    st.caption(t("survey.check_help") + " " + t("doc.mapping_help"))
    table = pd.DataFrame([{"column": c.header, "role": c.role if c.role in mailbox.ROLES else "ignore",
                           "name": c.name or "", "sure": c.sure, "samples": " | ".join(c.samples),
                           "answers": answers_text(c)} for c in plan.columns])
    edited = st.data_editor(table, hide_index=True, disabled=["column", "sure", "samples", "answers"],
                            key=f"doc_mapping_{key}", width="stretch", height=min(36 * (len(table) + 1) + 3, 1100),
                            column_config={
                                "column": st.column_config.TextColumn(t("doc.col.column"), width="large"),
                                "role": st.column_config.SelectboxColumn(t("doc.col.role"),
                                                                         options=list(mailbox.ROLES), required=True),
                                "name": st.column_config.TextColumn(t("doc.col.name"), width="medium"),
                                "sure": st.column_config.CheckboxColumn(t("survey.col.sure"), width="small"),
                                "samples": st.column_config.TextColumn(t("survey.col.samples"), width="large"),
                                "answers": st.column_config.TextColumn(t("survey.col.answers"), width="medium")})
    columns = {}
    for row in edited.itertuples():
        spec = {"role": row.role}
        if row.name and row.role in ("attribute", "rating"):
            spec["name"] = row.name
        columns[row.column] = spec
    mapping = {key_: value for key_, value in plan.mapping.items() if key_ != "columns"} | {"columns": columns}
    try:
        mapping = mailbox.check_mapping(mapping)
    except ProjectError as error:
        st.error(md(error))
        return
    st.download_button(t("survey.save_mapping"), gate.text_bytes(project, mailbox.mapping_yaml(mapping)), file_name=f"{path.stem}_indeling.yaml",
                       mime="application/x-yaml", key=f"doc_save_mapping_{key}")
    update = st.checkbox(t("survey.update"), key=f"doc_update_{key}")
    confirmed = st.checkbox(t("survey.confirmed"), key=f"doc_confirmed_{key}")
    if st.button(t("doc.do_import"), type="primary", disabled=not confirmed):
        slot = st.empty()
        outcome: dict = {}
        try:
            bar = slot.progress(0.0)
            importers.import_mailbox(project, path, me, mapping, name=name.strip() or None, progress=_progress(bar),
                                     lenient=lenient, update=update, outcome=outcome)
            st.success(t("doc.imported", name=md(name)))
        except ProjectError as error:
            slot.empty()
            st.error(t("doc.import_failed", name=md(upload.name), message=md(error)))
            return
        if "update" in outcome:
            report = outcome["update"]
            changed = "; ".join(f"{who}: {question}" for who, question in report.changed) or "-"
            st.info(md(t("survey.updated", carried=report.carried, lost=report.lost_codings, changed=changed)))


with import_tab:
    upload = st.file_uploader(t("doc.upload"), type=["docx", "txt", "md", "pdf", "vtt", "srt", "csv", "xlsx"],
                              key="doc_upload")
    path = _saved(upload)
    if upload is not None:
        is_mailbox = path.suffix.lower() in importers.MAILBOX_SUFFIXES
        # Keyed per upload, so a second file starts with its own name and an empty form, never with the
        # first file's group, region or date.
        file_key = upload.file_id
        name = st.text_input(t("doc.name"), value=path.stem, key=f"doc_name_{file_key}")
        if not is_mailbox:
            a, b = st.columns(2)
            kind = a.selectbox(t("doc.kind"), [k for k in KINDS if k != "mailbox"], key=f"doc_kind_{file_key}")
            group = b.text_input(t("doc.group"), key=f"doc_group_{file_key}")
            c, d, e = st.columns(3)
            region = c.text_input(t("doc.region"), key=f"doc_region_{file_key}")
            day = d.text_input(t("doc.date"), key=f"doc_date_{file_key}")
            sector = e.selectbox(t("doc.sector"), ["", "GeO", "BuO"], key=f"doc_sector_{file_key}",
                                 format_func=lambda s: s or t("doc.no_sector"))
            try:
                transcript = importers.read_transcript_file(path)
            except ProjectError:  # unreadable: the import below says why
                transcript = None
            if transcript is not None:  # speakers by name: mapped here, before anything is stored
                st.markdown(f"**{t('tr.title')}**")
                named = speaker_names_editor(transcript.speakers, len(transcript.turns), key=f"tr_{upload.file_id}")
            else:
                speakers = st.text_area(t("doc.speakers"), key=f"doc_speakers_{file_key}", help=t("doc.speakers_help"))
            if st.button(t("doc.do_import"), type="primary"):
                values = {"respondentgroep": group, "regio": region, "datum": day, "sector": sector}
                slot = st.empty()  # the progress bar, gone again when the import fails
                try:  # the rules are YAML: read within the same limits as a file
                    rules = named if transcript is not None else \
                        yaml_input.load_text(speakers, "a speaker mapping", "the rules") if speakers.strip() else None
                except ProjectError as error:
                    st.error(t("doc.bad_yaml", message=md(error)))
                else:
                    try:
                        bar = slot.progress(0.0)
                        imported = importers.import_file(project, path, me, kind,
                                                         {k: v for k, v in values.items() if v}, rules,
                                                         name=name.strip() or None, progress=_progress(bar))
                        st.success(t("doc.imported", name=md(name)))
                        _account(imported)
                    except ProjectError as error:
                        slot.empty()
                        st.error(t("doc.import_failed", name=md(upload.name), message=md(error)))
        else:
            _mailbox_import(path, upload, name)

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
    removed = st.session_state.get("_doc_removed")
    if removed:
        a, b = st.columns([3, 1])
        a.success(t("doc.removed", name=md(removed["document"]), codings=removed["rows"].get("codings", 0)))
        if b.button(t("coding.undo"), key="doc_undo_remove"):
            st.session_state.pop("_doc_removed")
            if done(history.undo, project, me, message=t("coding.undone", action=action_label("remove"))):
                st.rerun()
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
        saved = [done(attrs.set_document_attribute, project, me, document, name, None)
                 for name in set(current) - set(wanted)]
        saved += [done(attrs.set_document_attribute, project, me, document, name, value or None)
                  for name, value in wanted.items() if str(current.get(name, "")) != value]
        if all(saved):  # an error stays on screen beside the table
            st.session_state["_flash"] = t("doc.saved")
            st.rerun()

    st.markdown(f"**{t('doc.speakers_title')}**")
    st.caption(t("doc.speakers_edit_help"))
    cases = db.execute("SELECT id, label FROM cases WHERE document_id = ? ORDER BY label", [document]).fetchall()
    if cases:
        fields = ["rol", "sector", "onderwijsnet", "ondersteuningsmodel", "functie"]
        table_fields = {name for row in document_participants(db, document).values() for name in row}
        fields += sorted(table_fields - set(fields))   # the report's participant table may name more
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
            saved = []
            for before, after in zip(table.itertuples(), edited.itertuples()):
                for field in fields:
                    old, new = getattr(before, field), (getattr(after, field) or "").strip()
                    if old != new:
                        saved.append(done(attrs.set_case_attribute, project, me, int(before.id), field, new or None))
            if all(saved):
                st.session_state["_flash"] = t("doc.saved")
                st.rerun()
    else:
        st.caption(md(t("doc.no_speakers")))
    report = _account(document)
    labels = {**(report or {}).get("not_understood", {}), **(report or {}).get("unknown_speakers", {})}
    if labels:
        st.markdown(f"**{t('doc.map_title')}**")
        st.caption(t("doc.map_help"))
        typed = {label: st.text_input(t("doc.map_role_of", label=label, count=n), key=f"doc_map_{document}_{label}")
                 for label, n in labels.items()}
        if st.button(t("doc.map_do"), key=f"doc_map_do_{document}"):
            pairs = [(label, role.strip()) for label, role in typed.items() if role.strip()]
            if pairs:
                mapped = act(add_rules, project, me, document, rules_from_pairs(pairs))
                if mapped is not None:
                    st.session_state["_flash"] = t("doc.mapped", cases=mapped.cases, before=mapped.turns_before,
                                                   after=mapped.turns_after, moved=mapped.codings_moved)
                    st.rerun()

    st.markdown(f"**{t('doc.remove')}**")
    st.caption(t("doc.remove_help"))
    sure = st.checkbox(t("doc.remove_confirm", name=names[document]), key=f"doc_remove_sure_{document}")
    if st.button(t("doc.remove"), disabled=not sure, key=f"doc_remove_{document}"):
        result = act(remove_document, project, me, int(document))
        if result is not None:
            st.session_state["_doc_removed"] = result
            st.rerun()
with names_tab:
    review_panel(project, me)
    sealed_panel(project, me)
