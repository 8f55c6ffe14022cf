"""Text analysis every part shares: sentences and lemmas (`nlp`), and the units built from them that
autocoding and suggestions work on (`scopes`).

May import: `coding.store`, `coding.files`.
"""
