"""What must not leave the project: the name-replacement table and the anonymiser every export uses.

May import the rooms below: `store`, `files`, `text`, `team`, `codebooks`, `codings`.
"""
