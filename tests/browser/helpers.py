"""Mouse and keyboard helpers for the browser tests."""

from __future__ import annotations

import time

from .conftest import rerun, wait_idle

# The screen rectangle of the character at a code point offset of the document text.
_CHAR_RECT = """(off) => {
  const segs = [...document.querySelectorAll('.wb-doc .wb-seg')];
  const seg = segs.find(s => +s.dataset.s <= off && off < +s.dataset.e);
  if (!seg) return null;
  seg.scrollIntoView({block: 'center'});
  const node = seg.firstChild;
  let k = off - +seg.dataset.s, i = 0;
  const wide = (j) => { const c = node.data.charCodeAt(j); return c >= 0xd800 && c <= 0xdbff ? 2 : 1; };
  while (k > 0) { i += wide(i); k--; }
  const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + wide(i));
  const b = r.getBoundingClientRect();
  return {left: b.left, right: b.right, top: b.top, bottom: b.bottom};
}"""


def eventually(check, timeout: float = 10.0):
    """Poll `check()` until it returns something truthy (a write lands a moment after its key press)."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            return result
        time.sleep(0.1)


def open_coding(page, server: str) -> None:
    page.goto(server + "/coding")
    page.wait_for_selector(".wb-doc[data-ready='1']")
    wait_idle(page)


def drag_select(page, start: int, end: int) -> None:
    """Select [start, end) (code points) with the mouse, like a person dragging over the text."""
    first = page.evaluate(_CHAR_RECT, start)
    page.evaluate(_CHAR_RECT, end - 1)  # scroll so that both ends are measured where they are now
    first = page.evaluate(_CHAR_RECT, start)
    last = page.evaluate(_CHAR_RECT, end - 1)
    assert first and last, "offsets not drawn"
    page.mouse.move(first["left"] + 1, (first["top"] + first["bottom"]) / 2)
    page.mouse.down()
    page.mouse.move(last["right"] - 1, (last["top"] + last["bottom"]) / 2, steps=8)
    rerun(page, page.mouse.up)


def click_char(page, offset: int) -> None:
    rect = page.evaluate(_CHAR_RECT, offset)
    rerun(page, lambda: page.mouse.click((rect["left"] + rect["right"]) / 2, (rect["top"] + rect["bottom"]) / 2))


def choose(page, label: str, typed: str) -> None:
    """Pick an option of the selectbox labelled `label` by typing part of it."""
    page.get_by_role("combobox", name=label, exact=True).click()
    page.keyboard.type(typed)
    rerun(page, lambda: page.keyboard.press("Enter"))


def press(page, key: str) -> None:
    """Press a key that makes the app rerun (a shortcut) and wait for that run."""
    rerun(page, lambda: page.keyboard.press(key))
