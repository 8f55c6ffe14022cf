"""Who works on a project and who sees what: the coders (`coders`) and blind second-coding assignments
(`assignments`), asked by every screen that lists codings, and the login `accounts` with their roles.

May import: `coding.store`, `coding.files`, `coding.text`.
"""
