"""The mailbox grid with a keyboard flow: a Streamlit custom component (v2, inline JS).

Keys (with the grid focused): Up/Down or K/J move, Shift+Up/Down extend the selection, Space
marks a row, U jumps to the next uncoded row, S/G/N choose the valence, 1-9 apply quick code
1-9 to the marked rows (or the current row), Enter opens the row in the document, Esc clears.
Cell text is set with textContent only. Triggers: `apply` {units, slot, valence},
`next_uncoded` {after}, `open` {unit}.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import streamlit as st

CSS = """
.wb-grid { font-family: var(--st-font, sans-serif); font-size: 0.88rem; outline: none; }
.wb-grid:focus-within .wb-bar { border-color: #1f6feb; }
.wb-grid .wb-bar { display: flex; gap: 0.75rem; align-items: center; padding: 0.35rem 0.5rem; margin-bottom: 0.3rem;
  border: 1px solid #d0d7de; border-radius: 0.4rem; background: #f6f8fa; color: #24292f; }
.wb-grid .wb-val { font-weight: 700; padding: 0.05rem 0.5rem; border-radius: 0.6rem; }
.wb-grid .wb-val-sterkte { background: #dafbe1; color: #1a7f37; }
.wb-grid .wb-val-groeikans { background: #fff1e5; color: #bc4c00; }
.wb-grid .wb-val-neutraal { background: #eaeef2; color: #57606a; }
.wb-grid .wb-scroll { max-height: 62vh; overflow: auto; border: 1px solid #d0d7de; border-radius: 0.4rem; }
.wb-grid table { border-collapse: collapse; width: 100%; }
.wb-grid th { position: sticky; top: 0; background: #f6f8fa; text-align: left; font-weight: 600; padding: 0.3rem 0.45rem;
  border-bottom: 1px solid #d0d7de; white-space: nowrap; }
.wb-grid td { padding: 0.3rem 0.45rem; border-bottom: 1px solid #eaeef2; vertical-align: top; }
.wb-grid td.wb-text { min-width: 28rem; width: 45%; white-space: pre-wrap; }
.wb-grid tr.wb-cursor td { background: #ddf4ff; }
.wb-grid tr.wb-marked td { box-shadow: inset 3px 0 0 #1f6feb; background: #eef6ff; }
.wb-grid tr.wb-cursor.wb-marked td { background: #cce8ff; }
.wb-grid td.wb-state { width: 1.2rem; text-align: center; color: #8c959f; }
.wb-grid tr.wb-coded td.wb-state { color: #1a7f37; }
.wb-grid td.wb-codes { color: #0a3069; font-size: 0.8rem; }
"""

JS = r"""
const VALENCES = { s: "sterkte", g: "groeikans", n: "neutraal" };

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

function draw(root, data) {
  const g = root._g;
  const bar = el("div", "wb-bar");
  g.valenceBadge = el("span", "wb-val");
  bar.appendChild(g.valenceBadge);
  bar.appendChild(el("span", "wb-help", data.help || ""));
  g.markedCount = el("span", "wb-count");
  bar.appendChild(g.markedCount);
  const scroll = el("div", "wb-scroll");
  const table = el("table");
  const head = el("tr");
  head.appendChild(el("th", null, ""));
  for (const c of data.columns) head.appendChild(el("th", null, c.label));
  const thead = el("thead"); thead.appendChild(head); table.appendChild(thead);
  const body = el("tbody");
  g.rows = [];
  for (const row of data.rows) {
    const tr = el("tr", row.coded ? "wb-coded" : "");
    tr.dataset.unit = String(row.id);
    tr.appendChild(el("td", "wb-state", row.coded ? "\u25cf" : "\u25cb"));
    data.columns.forEach((c, i) => {
      const cls = c.key === "text" ? "wb-text" : c.key === "codes" ? "wb-codes" : null;
      tr.appendChild(el("td", cls, row.cells[i] == null ? "" : String(row.cells[i])));
    });
    tr.addEventListener("mousedown", (ev) => {
      ev.preventDefault();
      root.querySelector(".wb-grid").focus();
      const k = g.rows.indexOf(tr);
      if (ev.ctrlKey || ev.metaKey || ev.shiftKey) toggle(root, row.id);
      move(root, k);
    });
    body.appendChild(tr);
    g.rows.push(tr);
  }
  table.appendChild(body);
  scroll.appendChild(table);
  const grid = root.querySelector(".wb-grid");
  grid.replaceChildren(bar, scroll);
}

function ids(root) { return root._g.rows.map(r => Number(r.dataset.unit)); }

function paint(root) {
  const g = root._g;
  g.rows.forEach((tr, k) => {
    tr.classList.toggle("wb-cursor", k === g.cursor);
    tr.classList.toggle("wb-marked", g.marked.has(Number(tr.dataset.unit)));
  });
  g.valenceBadge.className = "wb-val wb-val-" + g.valence;
  g.valenceBadge.textContent = root._labels[g.valence] || g.valence;
  g.markedCount.textContent = g.marked.size ? (root._labels.marked || "").replace("{n}", g.marked.size) : "";
  root.dataset.cursor = g.rows[g.cursor] ? g.rows[g.cursor].dataset.unit : "";
  root.dataset.valence = g.valence;
}

function move(root, k) {
  const g = root._g;
  if (!g.rows.length) return;
  g.cursor = Math.max(0, Math.min(g.rows.length - 1, k));
  paint(root);
  g.rows[g.cursor].scrollIntoView({ block: "nearest" });
}

function toggle(root, id) {
  const m = root._g.marked;
  if (m.has(id)) m.delete(id); else m.add(id);
}

function onKey(root, ev) {
  const g = root._g;
  const send = root._component.setTriggerValue;
  const key = ev.key;
  const current = g.rows[g.cursor] ? Number(g.rows[g.cursor].dataset.unit) : null;
  if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (key === "ArrowDown" || key === "j" || key === "ArrowUp" || key === "k") {
    const step = (key === "ArrowDown" || key === "j") ? 1 : -1;
    if (ev.shiftKey && current != null) { g.marked.add(current); }
    move(root, g.cursor + step);
    if (ev.shiftKey) { g.marked.add(Number(g.rows[g.cursor].dataset.unit)); paint(root); }
  } else if (key === " " || key === "x") {
    if (current != null) { toggle(root, current); paint(root); }
  } else if (VALENCES[key.toLowerCase()]) {
    g.valence = VALENCES[key.toLowerCase()];
    paint(root);
  } else if (key === "u" || key === "U") {
    send("next_uncoded", { after: current });
  } else if (/^[1-9]$/.test(key)) {
    const units = g.marked.size ? Array.from(g.marked) : (current != null ? [current] : []);
    if (!units.length) return;
    g.marked.clear();
    send("apply", { units, slot: Number(key), valence: g.valence, after: current });
  } else if (key === "Enter") {
    if (current != null) send("open", { unit: current });
  } else if (key === "Escape") {
    g.marked.clear(); paint(root);
  } else {
    return;
  }
  ev.preventDefault();
  ev.stopPropagation();
}

export default function (component) {
  const { data, parentElement } = component;
  let root = parentElement.querySelector(".wb-grid-root");
  if (!root) {
    root = el("div", "wb-grid-root");
    const grid = el("div", "wb-grid");
    grid.tabIndex = 0;
    root.appendChild(grid);
    parentElement.appendChild(root);
    root._g = { cursor: 0, marked: new Set(), valence: "neutraal", rows: [] };
    grid.addEventListener("keydown", (ev) => onKey(root, ev));
  }
  root._component = component;
  root._labels = data.labels || {};
  if (root.dataset.sig !== data.signature) {
    const keep = root._g.rows[root._g.cursor] ? Number(root._g.rows[root._g.cursor].dataset.unit) : null;
    draw(root, data);
    root.dataset.sig = data.signature;
    const k = ids(root).indexOf(keep);
    root._g.cursor = k >= 0 ? k : 0;
    const alive = new Set(ids(root));
    root._g.marked = new Set(Array.from(root._g.marked).filter(id => alive.has(id)));
  }
  if (data.cursor != null && root.dataset.cursorToken !== String(data.cursor_token)) {
    root.dataset.cursorToken = String(data.cursor_token);
    const k = ids(root).indexOf(data.cursor);
    if (k >= 0) { root._g.cursor = k; root._g.rows[k].scrollIntoView({ block: "nearest" }); }
  }
  paint(root);
  if (data.focus) root.querySelector(".wb-grid").focus({ preventScroll: true });
  root.dataset.ready = "1";
}
"""

_component = st.components.v2.component("werkbank.grid_view", html="", css=CSS, js=JS, isolate_styles=False)


def grid_view(columns: list[dict[str, str]], rows: list[dict[str, Any]], signature: str, cursor: int | None,
              cursor_token: int, labels: dict[str, str], help_text: str, focus: bool, key: str,
              on_event: Callable[[], None]) -> None:
    """Draw the grid; its triggers (apply, next_uncoded, open) are handled by `on_event` before the page runs."""
    _component(key=key, data={"columns": columns, "rows": rows, "signature": signature, "cursor": cursor,
                              "cursor_token": cursor_token, "labels": labels, "help": help_text, "focus": focus},
               on_apply_change=on_event, on_next_uncoded_change=on_event, on_open_change=on_event)
