"""Codebooks: the YAML format and its validation (`format`), the tree in a project with its logged edits
(`operations`: add, rename, move, merge, split, deactivate), finding a code from what a person types
(`codes`), and reading REFI-QDA codebooks (`qdc`).

May import: `coding.store`, `coding.files`, `coding.text`, `coding.team`.
"""
