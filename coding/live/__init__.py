"""Live sessions: a facilitator's group session captured point by point, already coded (`session`).

May import the rooms below it (see docs/architecture.md).
"""
