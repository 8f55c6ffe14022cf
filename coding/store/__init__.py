"""The store: one project is one SQLite file, and every change is one logged transaction.

`project` opens a project and writes to it (`Project.write`, `ProjectError`), `schema` holds the tables and
their migrations, `history` undoes and redoes from the event log, `backup` snapshots and restores the file,
`model` names the project's vocabulary (source kinds, valences, unit kinds).

The lowest room: it imports nothing else from `coding`.
"""
