"""What a report is built from beyond codings: recommendations (aanbevelingen) with their addressees and
the codes and quotes behind them.

May import the rooms below it (see docs/architecture.md).
"""
