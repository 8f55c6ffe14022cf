"""Intercoder agreement: the coefficients as pure functions (`coefficients`), agreement over text units
between coders (`measure`), and the consensus review of every disagreement (`consensus`).

May import the rooms below it (see docs/architecture.md); the suggestion and live rooms sit above it.
"""
