"""Accounts: the beheerder adds and removes accounts, changes roles, sets passwords and links the
identity the organisation's sign-in reports (app/oidc.py) to an account."""

from __future__ import annotations

import streamlit as st

from app.page import done, may, require
from app.strings import t
from coding.team import accounts as acc

project, me = require()
if not may("manage_users"):  # the menu hides this page from other roles; the server checks again
    st.stop()

st.title(t("users.title"))
st.caption(t("users.intro"))
st.dataframe([{t("users.name"): a.name, t("users.role"): a.role, t("users.oidc"): a.oidc or ""}
              for a in acc.accounts(project.db.conn)], hide_index=True)

left, right = st.columns(2)
with left, st.form("users_add", clear_on_submit=True):
    st.subheader(t("users.add"))
    name = st.text_input(t("users.name"))
    role = st.selectbox(t("users.role"), acc.ROLES, index=1)
    password = st.text_input(t("users.password"), type="password")
    if st.form_submit_button(t("users.add_button")):
        if done(acc.add, project, me, name, role, password, message=t("users.added", name=name.strip(), role=role)):
            st.rerun()

with right:
    st.subheader(t("users.change"))
    names = [a.name for a in acc.accounts(project.db.conn)]
    which = st.selectbox(t("users.which"), names, key="users_which")
    if which:
        new_role = st.selectbox(t("users.role"), acc.ROLES, key="users_new_role")
        if st.button(t("users.role_button")):
            if done(acc.set_role, project, me, which, new_role, message=t("users.role_changed", name=which, role=new_role)):
                st.rerun()
        new_password = st.text_input(t("users.password"), type="password", key="users_new_password")
        if st.button(t("users.passwd_button")):
            if done(acc.set_password, project, me, which, new_password, message=t("users.passwd_changed", name=which)):
                st.rerun()
        identity = st.text_input(t("users.oidc_field"), key="users_oidc")
        if st.button(t("users.link_button")):
            if done(acc.link, project, me, which, identity,
                    message=t("users.linked", name=which, identity=identity.strip()) if identity.strip()
                    else t("users.unlinked", name=which)):
                st.rerun()
        if st.button(t("users.remove_button")):
            if done(acc.remove, project, me, which, message=t("users.removed", name=which)):
                st.rerun()
