"""The domain core of Werkbank: no user interface, no Streamlit.

Rooms, from the bottom up; a room imports only from rooms below it (tests/test_architecture.py):
errors (the lowest), store, files, text, team, codebooks, codings, privacy, importers, analysis,
agreement, suggest, live, reporting, and `demo` (the demo project, built with all of them). See docs/architecture.md.
"""
