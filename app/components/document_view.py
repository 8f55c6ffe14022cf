"""The selectable document text: a Streamlit custom component (v2, inline JS, no build step).

Python sends the layout (coding.codings.layout) and the visible codings; the browser draws the text with
`textContent` only (document text can never run as HTML or script), highlights codings in their
code colour, and reports back the trigger `select`: {start, end, at, how} in CODE POINTS.
JS strings are UTF-16, so the script keeps a code point -> UTF-16 index table for the text and
converts both ways; an emoji before a selection does not shift its offsets.

The text (some 130 KB for a 20,000-word report) and the codings (more) are sent only when this
browser session does not hold them yet: every run sends the document's digest and the codings'
signature, the browser keeps the last text and codings it got under those keys, and when it lacks
them (a reloaded page, a remounted view) it asks with the trigger `missing`, after which Python
sends both again. A rerun that changed nothing in the document (a selection, a code choice, typing
a memo) so no longer serialises, hashes and ships half a megabyte.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import streamlit as st


CSS = """
.wb-doc { font-family: var(--st-font, sans-serif); font-size: 1rem; line-height: 1.75; color: var(--st-text-color);
  max-height: 70vh; overflow-y: auto; padding: 0.25rem 0.75rem 2rem 0.25rem; }
.wb-doc .wb-block { margin: 0 0 0.8rem 0; white-space: pre-wrap; }
.wb-doc .wb-heading { font-weight: 700; font-size: 1.15rem; margin-top: 1.1rem; }
.wb-doc .wb-facilitator { color: #6b6b6b; font-style: italic; }
.wb-doc .wb-label { font-weight: 600; }
.wb-doc .wb-badge { user-select: none; -webkit-user-select: none; display: inline-block; font-size: 0.72rem;
  line-height: 1.2; padding: 0.05rem 0.4rem; margin-right: 0.35rem; border-radius: 0.6rem;
  background: #eef1f6; color: #34495e; vertical-align: 0.1rem; font-style: normal; font-weight: 500; }
.wb-doc .wb-badge.wb-buo { background: #e8dcf3; }
.wb-doc .wb-badge.wb-geo { background: #dcefe2; }
.wb-doc .wb-time { user-select: none; -webkit-user-select: none; font-size: 0.72rem; color: #5b6b7b;
  margin-right: 0.35rem; font-variant-numeric: tabular-nums; font-style: normal; }
.wb-doc .wb-question { user-select: none; -webkit-user-select: none; display: block; font-size: 0.8rem;
  color: #5b6b7b; margin-bottom: 0.1rem; }
.wb-doc .wb-seg.wb-hl { cursor: pointer; border-radius: 2px; }
.wb-doc:focus { outline: none; }
.wb-doc .wb-seg.wb-sel { text-decoration: underline 2px #1f6feb; text-underline-offset: 4px;
  background-image: linear-gradient(rgba(31, 111, 235, 0.14), rgba(31, 111, 235, 0.14)); }
.wb-doc .wb-mark { user-select: none; -webkit-user-select: none; font-size: 0.7rem; font-weight: 700;
  vertical-align: super; line-height: 0; padding: 0 1px; }
.wb-doc .wb-mark.wb-sterkte { color: #1a7f37; }
.wb-doc .wb-mark.wb-groeikans { color: #bc4c00; }
.wb-doc .wb-mark.wb-neutraal { color: #6e7781; }
"""

JS = r"""
const HEX = /^#[0-9a-f]{6}$/;
const MARKS = { sterkte: "+", groeikans: "\u2212", neutraal: "\u00b7" };

function cpIndex(text) {
  // UTF-16 index of every code point boundary: idx[k] = position of code point k.
  const idx = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    idx.push(i + 1);
  }
  return idx;
}

function cpCount(s) {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

function rgba(hex, alpha) {
  const h = HEX.test(hex) ? hex : "#999999";
  const n = parseInt(h.slice(1), 16);
  return `rgba(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255}, ${alpha})`;
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text != null) e.textContent = text;
  return e;
}

function build(root, data) {
  const text = String(data.text);
  const idx = cpIndex(text);
  const n = idx.length - 1;
  const slice = (a, b) => text.substring(idx[Math.max(0, Math.min(a, n))], idx[Math.max(0, Math.min(b, n))]);
  const codings = (data.codings || []).slice().sort((x, y) => x.start - y.start || y.end - x.end);
  const sel = data.selection ? [data.selection.start, data.selection.end] : [];
  const cuts = Array.from(new Set(codings.flatMap(c => [c.start, c.end]).concat(sel))).sort((x, y) => x - y);
  const segs = [];
  const active = new Map();
  let next = 0;

  function addPieces(parent, a, b, extraClass) {
    // Split [a, b) at coding boundaries; each piece is one span with its code point start.
    let lo = 0, hi = cuts.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (cuts[m] <= a) lo = m + 1; else hi = m; }
    const points = [a];
    for (let k = lo; k < cuts.length && cuts[k] < b; k++) points.push(cuts[k]);
    points.push(b);
    for (let k = 0; k + 1 < points.length; k++) {
      const s = points[k], e = points[k + 1];
      if (s >= e) continue;
      while (next < codings.length && codings[next].start <= s) { active.set(codings[next].id, codings[next]); next++; }
      for (const [id, c] of active) if (c.end <= s) active.delete(id);
      const here = Array.from(active.values()).filter(c => c.start <= s && c.end >= e);
      for (const c of here) {
        if (c.start === s) {
          const mark = el("span", "wb-mark wb-" + (MARKS[c.valence] ? c.valence : "neutraal"), MARKS[c.valence] || MARKS.neutraal);
          mark.title = `${c.label} \u2013 ${c.valence} \u2013 ${c.coder}`;
          parent.appendChild(mark);
        }
      }
      const span = el("span", "wb-seg" + (extraClass ? " " + extraClass : ""), slice(s, e));
      span.dataset.s = String(s);
      span.dataset.e = String(e);
      if (here.length) {
        span.classList.add("wb-hl");
        span.style.backgroundColor = rgba(here[0].color, 0.28);
        span.style.boxShadow = here.slice(1, 5).map((c, j) => `inset 0 -${3 * (j + 1)}px 0 ${rgba(c.color, 0.9)}`).join(", ");
        span.title = here.map(c => `${c.label} (${c.valence}, ${c.coder})`).join("\n");
        span.dataset.codings = here.map(c => c.id).join(",");
      }
      parent.appendChild(span);
      segs.push(span);
    }
  }

  const view = el("div", "wb-doc-inner");
  const blocks = (data.blocks || []).slice().sort((x, y) => x.start - y.start);
  let pos = 0;
  function gap(a, b, into) {
    // Text between units (blank lines, speaker labels): paragraphs before the last line break,
    // the rest is the label of the block that follows.
    const piece = slice(a, b);
    const cut = piece.lastIndexOf("\n");
    if (cut >= 0) {
      const before = cpCount(piece.slice(0, cut));
      let start = a;
      for (const line of piece.slice(0, cut).split("\n")) {
        const len = cpCount(line);
        if (line.trim()) { const p = el("div", "wb-block"); addPieces(p, start, start + len); view.appendChild(p); }
        start += len + 1;
      }
      a = a + before + 1;
    }
    if (a < b && slice(a, b).trim()) {
      if (into) addPieces(into, a, b, "wb-label");
      else { const p = el("div", "wb-block"); addPieces(p, a, b); view.appendChild(p); }
    }
  }
  for (const block of blocks) {
    if (block.start < pos) continue;  // nested units are drawn by their parent
    const div = el("div", "wb-block wb-" + block.kind + (block.is_data ? "" : " wb-facilitator"));
    div.dataset.s = String(block.start);
    if (block.question) div.appendChild(el("span", "wb-question", block.question));
    const labelHolder = el("span", "wb-labelholder");
    gap(pos, block.start, labelHolder);
    if (block.kind === "turn" || block.kind === "answer") {
      const who = [block.role, block.sector].filter(Boolean).join(" \u00b7 ") || block.label || "";
      if (who) {
        const badge = el("span", "wb-badge" + (block.sector === "BuO" ? " wb-buo" : block.sector === "GeO" ? " wb-geo" : ""), who);
        badge.title = block.label || "";
        div.appendChild(badge);
      }
    }
    if (block.time) div.appendChild(el("span", "wb-time", block.time));
    if (labelHolder.childNodes.length) div.appendChild(labelHolder);
    addPieces(div, block.start, block.end);
    view.appendChild(div);
    pos = block.end;
  }
  gap(pos, n, null);
  root.replaceChildren(view);
  root._wb = { segs, n };
}

function unpack(packed) {
  // One JSON string: each code's label and colour once, then [id, start, end, code, valence, coder] rows.
  const { codes, rows } = JSON.parse(packed);
  return rows.map(([id, start, end, code, valence, coder]) =>
    ({ id, start, end, code, label: codes[code][0], color: codes[code][1], valence, coder }));
}

function pointToOffset(root, node, off) {
  const segs = root._wb.segs;
  if (node.nodeType === Node.TEXT_NODE && node.parentNode && node.parentNode.classList &&
      node.parentNode.classList.contains("wb-seg")) {
    return Number(node.parentNode.dataset.s) + cpCount(node.data.slice(0, off));
  }
  // An element boundary, or inside a decoration: the first piece of text at or after the point.
  const r = document.createRange();
  let lo = 0, hi = segs.length;
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    r.selectNodeContents(segs[m]);
    let cmp;
    try { cmp = r.comparePoint(node, off); } catch (e) { cmp = 1; }
    // cmp: -1 point before seg, 0 inside, 1 after
    if (cmp > 0) lo = m + 1; else hi = m;
  }
  return lo < segs.length ? Number(segs[lo].dataset.s) : root._wb.n;
}

function markSelection(root, sel) {
  for (const s of root.querySelectorAll(".wb-sel")) s.classList.remove("wb-sel");
  if (!sel) return;
  for (const s of root._wb.segs) {
    const a = Number(s.dataset.s), b = Number(s.dataset.e);
    if (a < sel.end && sel.start < b) s.classList.add("wb-sel");
  }
}

// The last text and codings this page was sent, kept beyond a remount of the view (leaving the
// coding page and coming back): Python sends them only when this session does not hold them yet.
const HELD = window.__wbDocHeld ||
  (window.__wbDocHeld = { doc: null, text: null, blocks: null, signature: null, codings: null });

export default function (component) {
  const { data, parentElement } = component;
  let root = parentElement.querySelector(".wb-doc");
  if (!root) {
    root = el("div", "wb-doc");
    root.tabIndex = 0;
    parentElement.appendChild(root);
  }
  root._component = component;
  if (data.text != null) Object.assign(HELD, { doc: data.doc, text: data.text, blocks: data.blocks });
  if (data.codings != null) Object.assign(HELD, { signature: data.signature, codings: unpack(data.codings) });
  if (HELD.doc !== data.doc || HELD.signature !== data.signature) {
    // Python thinks this page holds them, but it does not (a reload, a new view): ask once.
    root.dataset.ready = "0";
    const want = `${data.doc}/${data.signature}`;
    if (root.dataset.asked !== want) {
      root.dataset.asked = want;
      component.setTriggerValue("missing", want);
    }
    return;
  }
  const sel = data.selection ? `/${data.selection.start}-${data.selection.end}` : "";
  const sig = `${data.doc}/${data.signature}${sel}`;
  if (root.dataset.sig !== sig) {
    const began = performance.now();
    build(root, { text: HELD.text, blocks: HELD.blocks, codings: HELD.codings, selection: data.selection });
    root.dataset.sig = sig;
    root.dataset.buildMs = String(Math.round(performance.now() - began));
  }
  markSelection(root, data.selection);
  if (data.focus != null && root.dataset.focus !== String(data.focus)) {
    root.dataset.focus = String(data.focus);
    const target = root._wb.segs.find(s => Number(s.dataset.e) > data.focus);
    if (target) target.scrollIntoView({ block: "center" });
  }
  root.dataset.ready = "1";
  if (!root._listening) {
    root._listening = true;
    root.addEventListener("mouseup", () => {
      const selection = window.getSelection();
      if (!selection || selection.rangeCount === 0) return;
      const range = selection.getRangeAt(0);
      if (!root.contains(range.commonAncestorContainer)) return;
      const send = root._component.setTriggerValue;
      const start = pointToOffset(root, range.startContainer, range.startOffset);
      const end = pointToOffset(root, range.endContainer, range.endOffset);
      if (!range.collapsed && start < end) {
        send("select", { start, end, at: start, how: "span" });
      } else {
        send("select", { start, end: start, at: start, how: "click" });
      }
    });
  }
}
"""

_component = st.components.v2.component("werkbank.document_view", html="", css=CSS, js=JS, isolate_styles=False)


def _packed(codings: list[dict[str, Any]]) -> str:
    """The codings as one compact JSON string: each code's label and colour once, then a short row
    per coding. Streamlit passes a string on as it is, instead of walking 2,000 dicts twice."""
    codes: dict[int, tuple[str, str]] = {}
    rows = []
    for c in codings:
        codes.setdefault(c["code"], (c["label"], c["color"]))
        rows.append((c["id"], c["start"], c["end"], c["code"], c["valence"], c["coder"]))
    return json.dumps({"codes": codes, "rows": rows}, ensure_ascii=False, separators=(",", ":"))


def document_view(layout: dict[str, Any], codings: list[dict[str, Any]], signature: str,
                  selection: dict[str, int] | None, focus: int | None, key: str,
                  on_select: Callable[[], None] | None = None) -> dict[str, Any] | None:
    """Draw the document; returns the `select` trigger of this run ({start, end, at, how}) or None.
    `on_select` runs before the page when the user selected, so the page draws the new selection.
    `signature` is coding.codings.layout.signature(layout, codings): the text and the codings are sent
    only when the document or the signature differs from what this session sent last."""
    held_key = f"_{key}_held"
    held = st.session_state.get(held_key) or {}
    doc = f"{layout['id']}:{layout['digest']}"
    data: dict[str, Any] = {"doc": doc, "signature": signature, "selection": selection, "focus": focus}
    if held.get("doc") != doc:
        data["text"], data["blocks"] = layout["text"], layout["blocks"]
    if held.get("signature") != signature:
        data["codings"] = _packed(codings)
    st.session_state[held_key] = {"doc": doc, "signature": signature}

    def forget() -> None:  # the browser lacks what it was sent: send everything this run
        st.session_state.pop(held_key, None)

    result = _component(key=key, data=data, on_select_change=on_select or (lambda: None),
                        on_missing_change=forget)
    return getattr(result, "select", None)
