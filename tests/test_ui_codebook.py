"""The codebook page on the demo project (Streamlit AppTest): tree counts, editing a definition,
and the tree operations through the page keep every coding, say what they did in Dutch and undo."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from coding.codebooks import operations as ops
from coding.demo import DEMO_CODEBOOK
from coding.store.project import open_project

MAIN = str(Path(__file__).resolve().parents[1] / "app" / "main.py")


def run_page(path: Path, **state) -> AppTest:
    at = AppTest.from_file(MAIN, default_timeout=60)
    at.session_state["project_path"] = str(path)
    at.session_state["coder"] = "tester"
    for key, value in state.items():
        at.session_state[key] = value
    at.switch_page("views/codebook.py")
    at.run()
    check(at)
    return at


def check(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def labelled(elements, label: str):
    """The one element with this label (AppTest finds widgets without a key by label)."""
    found = [e for e in elements if e.label == label]
    assert len(found) == 1, (label, len(found))
    return found[0]


def tree(path: Path):
    with open_project(path) as p:
        return ops.codebook_tree(p.db, DEMO_CODEBOOK).set_index("id")


def total_codings(path: Path) -> int:
    with open_project(path) as p:
        return p.db.execute("SELECT count(*) FROM codings").fetchone()[0]


def leaves_with_codings(path: Path):
    codes = tree(path)
    return codes[codes["codable"] & codes["active"] & (codes["codings"] > 0) & (codes["codings"] == codes["codings_total"])]


def test_tree_shows_the_counts(demo_copy):
    at = run_page(demo_copy)
    shown = at.dataframe[0].value
    expected = tree(demo_copy)
    assert list(shown["key"]) == list(expected["key"])
    assert list(shown["codings_total"]) == list(expected["codings_total"])
    assert shown["codings"].sum() == total_codings(demo_copy)


def test_merge_through_the_page_keeps_every_coding_and_undoes(demo_copy):
    leaves = leaves_with_codings(demo_copy)
    source, target = int(leaves.index[0]), int(leaves.index[1])
    before = total_codings(demo_copy)
    moved = int(leaves.at[source, "codings"])
    at = run_page(demo_copy, cb_code=source)
    at.selectbox(key=f"cb_merge_to_{source}").set_value(target).run()
    assert at.button(key=f"cb_merge_{source}").disabled  # a merge asks for a confirmation first
    assert any(f"Alle {moved} coderingen" in w.value for w in at.warning)
    at.checkbox(key=f"cb_merge_sure_{source}").check().run()
    at.button(key=f"cb_merge_{source}").click().run()
    check(at)
    after = tree(demo_copy)
    assert total_codings(demo_copy) == before
    assert after.at[source, "codings"] == 0 and not after.at[source, "active"]
    assert after.at[target, "codings"] == leaves.at[target, "codings"] + moved
    assert any("samengevoegd" in toast.value for toast in at.toast)

    at.button(key="cb_undo").click().run()
    check(at)
    undone = tree(demo_copy)
    assert undone.at[source, "codings"] == moved and undone.at[source, "active"]
    assert any("Ongedaan gemaakt: codes samengevoegd" in toast.value for toast in at.toast)


def test_split_chooses_per_fragment(demo_copy):
    leaves = leaves_with_codings(demo_copy)
    code = int(leaves.index[leaves["codings"] >= 2][0])
    before = total_codings(demo_copy)
    at = run_page(demo_copy, cb_code=code)
    at.text_area(key=f"cb_split_names_{code}").input("Eerste deel\nTweede deel").run()
    with open_project(demo_copy) as p:
        ids = [r[0] for r in p.db.execute("SELECT id FROM codings WHERE code_id = ? ORDER BY id", [code])]
    choice = {coding: ("Eerste deel" if n % 2 == 0 else "Tweede deel") for n, coding in enumerate(ids)}
    for coding, name in choice.items():
        at.selectbox(key=f"cb_split_{code}_{coding}").set_value(name)
    at.button(key=f"cb_split_go_{code}").click().run()
    check(at)
    with open_project(demo_copy) as p:
        placed = dict(p.db.execute("""SELECT g.id, c.label FROM codings g JOIN codes c ON c.id = g.code_id
                                      WHERE g.id IN (%s)""" % ",".join("?" * len(ids)), ids).fetchall())
        parents = {r[0] for r in p.db.execute("SELECT DISTINCT parent_id FROM codes WHERE label IN (?, ?)",
                                              ["Eerste deel", "Tweede deel"])}
    assert placed == choice
    assert parents == {None if leaves.at[code, "parent_key"] is None else
                       int(tree(demo_copy).reset_index().set_index("key").at[leaves.at[code, "parent_key"], "id"])}
    assert total_codings(demo_copy) == before
    assert not tree(demo_copy).at[code, "active"]
    assert any("gesplitst" in toast.value for toast in at.toast)


def test_edit_definition_rename_and_deactivate(demo_copy):
    leaves = leaves_with_codings(demo_copy)
    code = int(leaves.index[0])
    at = run_page(demo_copy, cb_code=code)
    labelled(at.text_area, "Definitie").input("Een nieuwe, eigen omschrijving.")
    labelled(at.text_area, "Voorbeelden (één per regel)").input("eerste voorbeeld\n\ntweede voorbeeld")
    labelled(at.button, "Beschrijving bewaren").click().run()
    check(at)
    with open_project(demo_copy) as p:
        book = ops.read_codebook(p.db, DEMO_CODEBOOK)
    edited = next(c for c in book.codes if c.key == leaves.at[code, "key"])
    assert edited.definition == "Een nieuwe, eigen omschrijving."
    assert edited.examples == ["eerste voorbeeld", "tweede voorbeeld"]

    labelled(at.text_input, "Nieuwe naam").input("Hernoemde code")
    labelled(at.button, "Hernoemen").click().run()
    check(at)
    assert tree(demo_copy).at[code, "label"] == "Hernoemde code"
    assert tree(demo_copy).at[code, "codings"] == leaves.at[code, "codings"]

    at.button(key=f"cb_deact_{code}").click().run()
    check(at)
    assert not tree(demo_copy).at[code, "active"]
    assert tree(demo_copy).at[code, "codings"] == leaves.at[code, "codings"]
    assert any("uitgeschakeld" in toast.value for toast in at.toast)


def test_a_refused_operation_is_a_dutch_message(demo_copy):
    codes = tree(demo_copy)
    parent = int(codes.index[codes["depth"] == 0][0])
    child = int(codes.index[codes["parent_key"] == codes.at[parent, "key"]][0])
    at = run_page(demo_copy, cb_code=child)
    sibling = [i for i in codes.index if codes.at[i, "parent_key"] == codes.at[parent, "key"] and i != child][0]
    labelled(at.text_input, "Nieuwe naam").input(codes.at[sibling, "label"])
    labelled(at.button, "Hernoemen").click().run()
    assert any(e.value.startswith("Dat lukte niet:") for e in at.error)
    assert tree(demo_copy).at[child, "label"] == codes.at[child, "label"]
