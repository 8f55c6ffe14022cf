"""The sentence every Word export and table opens with: whose codings it counts (the coder layer)."""

from __future__ import annotations

from typing import Any

from coding.errors import say
from coding.team.layers import Layer, layer as find_layer


def chosen_layer(project: Any, name: str | None) -> Layer:
    """The layer a user named (a coder, consensus, pooled), or the project's default."""
    return find_layer(project.db, name)


def layer_label(layer: Layer) -> str:
    """Whose codings, in the chosen language: 'codeur evaluator1 (standaardlaag)'."""
    coders = ", ".join(layer.coders)
    kind = layer.kind if layer.kind in ("coder", "consensus", "pooled") else "coders"
    text = say(f"layers.note.{kind}", {"coders": coders})
    if kind == "coders" and layer.excluded:
        text += say("layers.note.excluded", {"excluded": ", ".join(layer.excluded)})
    return say("layers.note.default", {"text": text}) if layer.default else text


def layer_note(layer: Layer) -> str:
    """The sentence for the report: 'Laag: codeur evaluator1 (standaardlaag).'"""
    return say("layers.note", {"label": layer_label(layer)})
