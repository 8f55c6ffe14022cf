"""Suggestions: rule autocoding from the codebook's lemmas (`autocode`), the learned model (`model`), the
queue a coder works through (`queue`) and its evaluation as a second coder (`evaluate`).

May import the rooms below it (see docs/architecture.md).
"""
