"""Quotes chosen for the report: mark, order, shorten (real words only), attribution form, undo; and the CLI."""

import pytest
from click.testing import CliRunner

from app.cli import cli
from coding.codings import quote_selection as qs
from coding.codings.operations import delete_coding, update_coding
from coding.store import history
from coding.store.project import ProjectError, open_project
from exports.quotes import quotes

from export_project import build


@pytest.fixture()
def built(tmp_path):
    project = open_project(tmp_path / "p.werkbank", create=True)
    result = build(project, tmp_path / "src")
    for coding in result.codings:  # start from nothing chosen
        update_coding(project, "tester", coding, selected=0)
    yield result
    project.close()


def _chosen(project, code_key=None):
    frame = quotes(project, "rv", selected_only=True)
    return frame if code_key is None else frame[frame["key"] == code_key]


def test_marked_quotes_keep_the_writers_order_and_undo_puts_it_back(built):
    project, c = built.project, built.codings
    # uitrol.modellen: c[0] (sterkte, report), c[3] (groeikans), c[7] (sterkte, mailbox)
    for coding in (c[0], c[7], c[3]):
        qs.select(project, "tester", coding)
    sterktes = _chosen(project, "uitrol.modellen").query("valence == 'sterkte'")
    assert list(sterktes["coding_id"]) == [c[0], c[7]]
    qs.move(project, "tester", c[7], -1)
    sterktes = _chosen(project, "uitrol.modellen").query("valence == 'sterkte'")
    assert list(sterktes["coding_id"]) == [c[7], c[0]]
    history.undo(project, "tester")
    assert list(_chosen(project, "uitrol.modellen").query("valence == 'sterkte'")["coding_id"]) == [c[0], c[7]]
    qs.unselect(project, "tester", c[0])
    assert c[0] not in set(_chosen(project)["coding_id"])
    history.undo(project, "tester")
    assert list(_chosen(project, "uitrol.modellen").query("valence == 'sterkte'")["coding_id"]) == [c[0], c[7]]


def test_a_shortened_quote_keeps_only_real_words_with_an_ellipsis_where_words_were_cut(built):
    project, c = built.project, built.codings
    qs.select(project, "tester", c[1])  # "De vorming kwam te laat, we kregen pas in maart een opleiding."
    shown = qs.shorten(project, "tester", c[1], "De vorming kwam te laat ... een opleiding")
    assert shown == "De vorming kwam te laat \u2026 een opleiding."
    row = _chosen(project, "uitrol.vorming").iloc[0]
    assert row["text"] == shown and row["whole"].startswith("De vorming kwam te laat, we kregen")
    assert qs.shorten(project, "tester", c[1], "kregen pas in maart") == "\u2026 kregen pas in maart \u2026"
    with pytest.raises(ProjectError, match="staat niet"):
        qs.shorten(project, "tester", c[1], "De vorming kwam veel te laat")  # "veel" was never said
    with pytest.raises(ProjectError, match="staat niet"):
        qs.shorten(project, "tester", c[1], "opleiding De vorming")  # words out of order
    assert _chosen(project, "uitrol.vorming").iloc[0]["text"] == "\u2026 kregen pas in maart \u2026"
    history.undo(project, "tester")
    assert _chosen(project, "uitrol.vorming").iloc[0]["text"] == "De vorming kwam te laat \u2026 een opleiding."
    # the coding itself is untouched, and a changed span drops a shortening that no longer fits
    row = project.db.execute('SELECT start, "end" FROM codings WHERE id = ?', [c[1]]).fetchone()
    update_coding(project, "tester", c[1], start=row[0] + 3)
    assert _chosen(project, "uitrol.vorming").iloc[0]["text"].startswith("vorming kwam te laat, we kregen")


def test_attribution_forms_name_role_sector_or_group_and_never_a_name(built):
    project, c = built.project, built.codings
    qs.select(project, "tester", c[0], "rol")
    assert _chosen(project).set_index("coding_id").loc[c[0], "attribution"] == "een ondersteunde leerkracht"
    qs.set_form(project, "tester", c[0], "rol_groep")
    assert _chosen(project).set_index("coding_id").loc[c[0], "attribution"] == "een ondersteunde leerkracht (leerkrachten)"
    qs.select(project, "tester", c[7], "rol_sector")
    mailbox = _chosen(project).set_index("coding_id").loc[c[7], "attribution"]
    assert mailbox.startswith("een logopedist (") and "Dirk" not in mailbox
    with pytest.raises(ProjectError, match="toeschrijving"):
        qs.set_form(project, "tester", c[0], "naam")


def test_deleting_a_chosen_coding_and_undoing_it_brings_its_place_back(built):
    project, c = built.project, built.codings
    qs.select(project, "tester", c[0])
    qs.select(project, "tester", c[7])
    qs.move(project, "tester", c[7], -1)
    delete_coding(project, "tester", c[7])
    history.undo(project, "tester")
    assert list(_chosen(project, "uitrol.modellen")["coding_id"]) == [c[7], c[0]]


def test_cli_selects_orders_shortens_and_lists(built, tmp_path):
    project, c = built.project, built.codings
    path = str(project.path)
    runner = CliRunner()

    def run(*args):
        result = runner.invoke(cli, ["quotes", path, *map(str, args)])
        assert result.exit_code == 0, result.output
        return result.output

    run("select", c[0], c[7], "--form", "rol_sector")
    run("select", c[1], "--shorten", "De vorming kwam te laat ... een opleiding")
    run("move", c[7], "--up")
    listing = run("list")
    lines = [line for line in listing.splitlines() if line.strip()]
    assert lines.index(next(l for l in lines if l.startswith(f"  {c[7]} "))) < \
        lines.index(next(l for l in lines if l.startswith(f"  {c[0]} ")))
    assert "De vorming kwam te laat \u2026 een opleiding." in listing and "Marijke" not in listing
    run("unselect", c[0])
    assert f"  {c[0]} " not in run("list")
    failed = runner.invoke(cli, ["quotes", path, "shorten", str(c[1]), "iets nieuws"])
    assert failed.exit_code == 1 and "staat niet" in failed.output
