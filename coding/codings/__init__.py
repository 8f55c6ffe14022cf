"""Codings and what sits on them: applying codes to spans (`operations`), typed attributes of documents and
cases (`attributes`), what a coding screen draws (`layout`), the mailbox grid (`grid`), memos, excerpts of
a code's codings, and lemma-aware text search (`search`).

May import the rooms below: `store`, `files`, `text`, `team`, `codebooks`.
"""
