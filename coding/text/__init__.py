"""Text analysis every part shares: sentences and lemmas (`nlp`), the word lists they and the name
finder read, kept per user (`word_tables`), and the units built from them that autocoding and
suggestions work on (`scopes`).

May import: `coding.store`, `coding.files`.
"""
