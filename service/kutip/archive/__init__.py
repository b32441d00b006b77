"""The quote archive: every article a newsroom publishes, who said what, searchable.

Storage is SQLAlchemy Core over SQLite (default, WAL) or PostgreSQL; the schema is Alembic's
(``kutip archive upgrade``). Writing is kutip.archive.store, reading kutip.archive.search, the
command line kutip.archive.cli. Importing this package imports none of them (``kutip`` starts
fast for its other commands).
"""
