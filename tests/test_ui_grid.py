"""The mailbox grid page (AppTest): quick keys keep their places while coding, and can be pinned."""

from __future__ import annotations

from coding.codings import grid
from coding.store.project import open_project
from test_app_pages import _app, project  # noqa: F401  (the fixture)


def _slots(at) -> str:
    return next(c.value for c in at.caption if c.value.startswith("Sneltoetsen:"))


def test_quick_keys_keep_their_places_after_use(project):  # noqa: F811
    answers = [a["unit"] for a in project["answers"].values()]
    with open_project(project["path"]) as p:  # three codes used earlier: keys 1-3
        for n, key in enumerate(("relatie", "uitrol.vorming", "uitrol.timing")):
            grid.code_rows(p, "an", [answers[n]], project["codes"][key], "sterkte")
    at = _app("views/grid.py")
    before = at.multiselect(key="grid_slots").value
    assert len(before) == 3 and _slots(at).startswith("Sneltoetsen: 1 = ")
    shown = _slots(at)
    with open_project(project["path"]) as p:  # key 3 used (as the grid does): now the newest code
        grid.code_rows(p, "an", [answers[4]], before[2], "groeikans")
    at.run()
    assert at.multiselect(key="grid_slots").value == before
    assert _slots(at) == shown
    # pinned in another order: the keys follow that order
    at.multiselect(key="grid_slots").set_value([before[2], before[0]]).run()
    assert at.selectbox(key="grid_first").value == before[2]
    assert _slots(at).startswith("Sneltoetsen: 1 = ") and _slots(at).count("=") == 2
    # key 1's box puts a code first and keeps the others after it
    at.selectbox(key="grid_first").set_value(before[1]).run()
    assert at.multiselect(key="grid_slots").value == [before[1], before[2], before[0]]
