"""The sentence every Word export and table opens with: whose codings it counts (the coder layer)."""

from __future__ import annotations

from typing import Any

from coding.team.layers import Layer, layer as find_layer


def chosen_layer(project: Any, name: str | None) -> Layer:
    """The layer a user named (a coder, consensus, pooled), or the project's default."""
    return find_layer(project.db, name)


def layer_note(layer: Layer) -> str:
    """In Dutch, for the report: 'Laag: codeur evaluator1 (standaardlaag).'"""
    coders = ", ".join(layer.coders)
    if layer.kind == "coder":
        text = f"codeur {coders}"
    elif layer.kind == "consensus":
        text = f"consensus (beslissingen van de consensusbespreking, verder de codering van {coders})"
    elif layer.kind == "pooled":
        text = f"alle codeurs samen ({coders})"
    else:
        text = f"codeurs {coders} samen"
        if layer.excluded:
            text += f", zonder betrouwbaarheidscodeur(s) {', '.join(layer.excluded)}"
    return f"Laag: {text}" + (" (standaardlaag)." if layer.default else ".")
