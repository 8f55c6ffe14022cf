"""Codebook: browse the tree with counts, edit what a code means, change the tree (add, rename,
move, merge, split fragment by fragment, switch off) with undo, compare with another version of
the file, import and export (.yaml / REFI-QDA .qdc).

Every change is one coding.codebooks.operations call (one logged transaction), so undo restores it exactly.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from app.page import act, done, md, reported, require
from app import formats
from app.strings import action_label, t, tn
from coding.codebooks import format as codebooks
from coding.store import history
from coding.codebooks import operations as ops
from coding.codings.excerpts import codings_of_code
from exports import gate
from exports.refi_codebook import export_qdc

project, me = require()
db = project.db

st.title(t("cb.title"))


def _undo() -> None:
    event = act(history.undo, project, me)
    if event is not None:
        st.session_state["_flash"] = t("cb.undone", action=action_label(event["action"]))


def _import_section() -> None:
    st.subheader(t("cb.import"))
    upload = st.file_uploader(t("cb.import_file"), type=["yaml", "yml", "qdc"], key="cb_import_file")
    is_qdc = upload is not None and Path(upload.name).suffix.lower() == ".qdc"
    options = {}
    if is_qdc:
        a, b, c = st.columns(3)
        options = {"codebook_id": a.text_input(t("cb.import_id")).strip() or None,
                   "title": b.text_input(t("cb.import_title")).strip() or None,
                   "version": c.text_input(t("cb.import_version")).strip() or None}
    if st.button(t("cb.import_button"), disabled=upload is None, key="cb_import_button"):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / Path(upload.name).name
            path.write_bytes(upload.getvalue())
            result = act(ops.import_file, project, me, path, **options)
        if result is not None:
            st.session_state["_flash"] = (
                t("cb.updated", codebook=result["codebook"], old=result["previous_version"], version=result["version"],
                  added=result["added"], updated=result["updated"], retired=result["retired"],
                  moved=result["moved"])
                if result["previous_version"] else
                t("cb.imported", codebook=result["codebook"], version=result["version"], added=result["added"]))
            st.session_state["cb_codebook"] = result["codebook"]
        st.rerun()


books = ops.list_codebooks(db)
if not books:
    st.info(t("cb.none"))
    _import_section()
    st.stop()

book_ids = [b["id"] for b in books]
labels = {b["id"]: t("cb.book_label", title=b["title"], version=b["version"], codes=b["codes"], codings=b["codings"])
          for b in books}
if st.session_state.get("cb_codebook") not in book_ids:
    st.session_state["cb_codebook"] = max(books, key=lambda b: b["codings"])["id"]
head, undo_col = st.columns([4, 1.3], vertical_alignment="bottom")
codebook = head.selectbox(t("cb.codebook"), book_ids, format_func=labels.get, key="cb_codebook")
undo_col.button(t("cb.undo"), on_click=_undo, width="stretch", key="cb_undo")

tree = ops.codebook_tree(db, codebook)
by_id = {int(r["id"]): r for r in tree.to_dict("records")}


def _code_label(code_id: int | None) -> str:
    if code_id is None:
        return t("cb.top")
    row = by_id[code_id]
    return "\u2003" * int(row["depth"]) + row["label"] + ("" if row["active"] else t("cb.inactive"))


left, right = st.columns([5, 6], gap="large")
with left:
    st.subheader(t("cb.tree"))
    show_inactive = st.toggle(t("cb.show_inactive"), key="cb_show_inactive")
    shown = tree if show_inactive else tree[tree["active"]]
    # The code and its two counts only, sized to fit the column: nothing to scroll sideways for. A
    # code's key and origin are shown beside the chosen code on the right.
    table = pd.DataFrame({"label": [_code_label(int(i)) for i in shown["id"]], "key": shown["key"],
                          "codings": shown["codings"], "codings_total": shown["codings_total"]})
    st.dataframe(table, hide_index=True, height=560, key="cb_tree", width="stretch", column_config={
        "key": None,
        "label": st.column_config.TextColumn(t("cb.col.label"), width=190),
        "codings": st.column_config.NumberColumn(t("cb.col.codings"), width=85),
        "codings_total": st.column_config.NumberColumn(t("cb.col.codings_total"), width=95)})

with right:
    if st.session_state.get("cb_code") not in by_id:
        st.session_state["cb_code"] = int(tree["id"].iloc[0])
    code_id = st.selectbox(t("cb.code"), list(by_id), format_func=_code_label, key="cb_code")
    st.caption(md(t("cb.code_meta", code_key=by_id[code_id]["key"], origin=by_id[code_id]["origin"] or "-")))
    code = by_id[code_id]
    current = next(c for c in ops.read_codebook(db, codebook).codes if c.key == code["key"])
    st.caption(md(code["path"]) + f" · `{md(code['key'])}` · {code['codings']} {t('cb.col.codings').lower()}")
    edit, structure, compare, files = st.tabs([t("cb.tab.edit"), t("cb.tab.structure"), t("cb.tab.diff"),
                                               t("cb.tab.files")])

    with edit, st.form(f"cb_edit_{code_id}", border=False):
        definition = st.text_area(t("cb.definition"), value=current.definition or "")
        inclusion = st.text_area(t("cb.inclusion"), value=current.inclusion or "")
        exclusion = st.text_area(t("cb.exclusion"), value=current.exclusion or "")
        examples = st.text_area(t("cb.examples"), value="\n".join(current.examples))
        if st.form_submit_button(t("cb.save"), type="primary"):
            if done(ops.update_code_fields, project, me, code_id, definition=definition, inclusion=inclusion,
                   exclusion=exclusion, examples=[e.strip() for e in examples.splitlines() if e.strip()],
                   message=t("cb.saved", label=code["label"])):
                st.rerun()

    with structure:
        parents = [None, *[i for i in by_id if by_id[i]["active"]]]
        with st.expander(t("cb.add")), st.form("cb_add", border=False):
            label = st.text_input(t("cb.add_label"))
            parent = st.selectbox(t("cb.add_parent"), parents, format_func=_code_label,
                                  index=parents.index(code_id) if code_id in parents else 0)
            inductive = st.checkbox(t("cb.add_inductive"))
            if st.form_submit_button(t("cb.add_button")) and label.strip():
                if done(ops.add_code, project, me, codebook, label.strip(), parent=parent,
                       origin="inductief" if inductive else "deductief", message=t("cb.added", label=label.strip())):
                    st.rerun()

        with st.expander(t("cb.rename")), st.form(f"cb_rename_{code_id}", border=False):
            new_label = st.text_input(t("cb.rename_label"), value=code["label"])
            if st.form_submit_button(t("cb.rename_button")) and new_label.strip() != code["label"]:
                if done(ops.rename_code, project, me, code_id, new_label.strip(),
                       message=t("cb.renamed", old=code["label"], new=new_label.strip())):
                    st.rerun()

        with st.expander(t("cb.move")), st.form(f"cb_move_{code_id}", border=False):
            targets = [p for p in parents if p != code_id]
            new_parent = st.selectbox(t("cb.move_parent"), targets, format_func=_code_label)
            if st.form_submit_button(t("cb.move_button")):
                if done(ops.move_code, project, me, code_id, new_parent,
                       message=t("cb.moved", label=code["label"], parent=_code_label(new_parent).strip())):
                    st.rerun()

        with st.expander(t("cb.merge")):
            into = [i for i in by_id if i != code_id and by_id[i]["active"] and by_id[i]["codable"]]
            target = st.selectbox(t("cb.merge_target"), into, format_func=_code_label, key=f"cb_merge_to_{code_id}")
            if target is not None:
                st.warning(tn("cb.merge_warning", code["codings"], count=code["codings"], source=code["label"],
                             target=by_id[target]["label"]))
                sure = st.checkbox(t("cb.confirm"), key=f"cb_merge_sure_{code_id}")
                if st.button(t("cb.merge_button"), disabled=not sure, key=f"cb_merge_{code_id}"):
                    result = act(ops.merge_codes, project, me, code_id, target)
                    if result is not None:
                        st.session_state["_flash"] = t("cb.merged", source=code["label"],
                                                       target=by_id[target]["label"], **result)
                        st.rerun()

        with st.expander(t("cb.split")):
            codings = codings_of_code(db.conn, code_id)
            if not codings:
                st.caption(t("cb.split_none"))
            else:
                names = [n.strip() for n in st.text_area(t("cb.split_labels"), key=f"cb_split_names_{code_id}")
                         .splitlines() if n.strip()]
                keep = st.checkbox(t("cb.split_keep"), key=f"cb_split_keep_{code_id}")
                if not names:
                    st.caption(t("cb.split_need"))
                else:
                    options = [code["key"], *names] if keep else names
                    st.markdown(f"**{t('cb.split_choose')}**")
                    for coding in codings:
                        st.selectbox(md(f"{coding['document']} ({coding['start']}–{coding['end']}) · "
                                        f"{t('valence.' + coding['valence'])} · {coding['coder']}: {coding['text']}"),
                                     options, key=f"cb_split_{code_id}_{coding['id']}",
                                     format_func=lambda o: t("cb.stay", label=code["label"]) if o == code["key"] else o)
                    if st.button(t("cb.split_button"), key=f"cb_split_go_{code_id}"):
                        parent_key = code["parent_key"]
                        keys = {}
                        for name in names:
                            keys[name] = ops.new_key(db, codebook, name, parent_key)
                            while list(keys.values()).count(keys[name]) > 1:  # two names with one slug
                                keys[name] += "-b"
                        assignment = {}
                        for coding in codings:
                            chosen = st.session_state[f"cb_split_{code_id}_{coding['id']}"]
                            assignment[coding["id"]] = code["key"] if chosen == code["key"] else keys[chosen]
                        created = act(ops.split_code, project, me, code_id,
                                      [{"label": n, "key": keys[n]} for n in names], assignment, keep_original=keep)
                        if created is not None:
                            st.session_state["_flash"] = t("cb.split_done", label=code["label"], new=formats.joined(list(names)))
                            st.rerun()

        with st.expander(t("cb.deactivate")):
            st.caption(t("cb.deactivate_help"))
            if code["active"]:
                subtree = st.checkbox(t("cb.deactivate_subtree"), value=True, key=f"cb_deact_sub_{code_id}")
                if st.button(t("cb.deactivate_button"), key=f"cb_deact_{code_id}"):
                    count = act(ops.deactivate_code, project, me, code_id, subtree=subtree)
                    if count is not None:
                        st.session_state["_flash"] = t("cb.deactivated", label=code["label"], count=count)
                        st.rerun()
            elif st.button(t("cb.reactivate_button"), key=f"cb_react_{code_id}"):
                if done(ops.reactivate_code, project, me, code_id, message=t("cb.reactivated", label=code["label"])):
                    st.rerun()

    with compare:
        st.caption(t("cb.diff_intro"))
        other = st.file_uploader(t("cb.diff_file"), type=["yaml", "yml"], key="cb_diff_file")
        if other is not None:
            with reported():
                theirs = codebooks.loads(other.getvalue().decode("utf-8-sig"), other.name)
                changes = codebooks.diff(ops.read_codebook(db, codebook), theirs)
                if not changes:
                    st.success(t("cb.diff_same"))
                else:
                    st.caption(tn("cb.diff_count", len(changes), count=len(changes)))
                    rows = pd.DataFrame([{"change": t(f"cb.diff.{c.kind}"), "key": c.key,
                                          "old": "" if c.old is None else str(c.old),
                                          "new": "" if c.new is None else (", ".join(c.new) if c.kind == "changed"
                                                                           else str(c.new))} for c in changes])
                    st.dataframe(rows, hide_index=True, key="cb_diff",
                                 column_config={c: t(f"cb.col.{c}") for c in rows.columns})

    with files:
        st.subheader(t("cb.export"))
        with st.container(horizontal=True):
            st.download_button(t("cb.export_yaml"), lambda: gate.text_bytes(project, ops.export_yaml(project, codebook), formulas=False),
                               f"{codebook}.yaml", "application/yaml", on_click="ignore", key="cb_dl_yaml")
            st.download_button(t("cb.export_qdc"), lambda: gate.text_bytes(project, export_qdc(project, codebook), formulas=False),
                               f"{codebook}.qdc", "application/xml", on_click="ignore", key="cb_dl_qdc")
        _import_section()
