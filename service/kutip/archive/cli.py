"""``kutip archive upgrade | import | export --gold | reindex``.

The database is --database, else $KUTIP_DATABASE_URL, else the SQLite file data/kutip.sqlite3
(where scripts/serve keeps it). Heavy modules load only when a command runs.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

DEFAULT_DATABASE_URL = "sqlite:///data/kutip.sqlite3"
MAX_TEXT_CHARS = 100_000  # the service's default (KUTIP_MAX_TEXT_CHARS)


def database_url(given: str | None) -> str:
    return given or os.environ.get("KUTIP_DATABASE_URL") or DEFAULT_DATABASE_URL


def _database(args: argparse.Namespace, upgrade: bool = False) -> Any:
    from kutip.archive.db import Database

    db = Database(database_url(args.database))
    if upgrade:
        db.upgrade()
    elif db.current_revision() is None:
        raise SystemExit("kutip: the archive has no schema yet: run `kutip archive upgrade`")
    return db


def _engine(args: argparse.Namespace) -> Any:
    from kutip.engine import Engine

    return Engine.from_directory(args.rules)


def cmd_upgrade(args: argparse.Namespace) -> int:
    db = _database(args, upgrade=True)
    print(f"kutip archive: schema at revision {db.current_revision()}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from kutip.archive.importer import _documents, import_files, import_wordpress
    from kutip.archive.progress import Progress

    if not args.files and not args.wordpress:
        print("kutip: give FILE... or --wordpress https://SITE", file=sys.stderr)
        return 2
    db, engine = _database(args, upgrade=True), _engine(args)
    paths = [Path(p) for p in args.files]
    total = sum(1 for path in paths for _ in _documents(path)) if paths else None
    progress = Progress("import", total)
    import_files(db, engine, paths, args.max_chars, progress)
    if args.wordpress:
        try:
            import_wordpress(db, engine, args.wordpress, args.max_chars, progress, args.max_pages)
        except ValueError as exc:  # not a site address, or a page that is not JSON
            print(f"kutip: {exc}", file=sys.stderr)
            return 1
    print(progress.summary())
    return 1 if progress.counts["errors"] else 0


def cmd_export(args: argparse.Namespace) -> int:
    from kutip.archive.export import write_gold

    if not args.gold:
        print("kutip: say what to export: --gold", file=sys.stderr)
        return 2
    db = _database(args)
    if args.output == "-":
        written = write_gold(db, sys.stdout, args.all)
    else:
        with open(args.output, "w", encoding="utf-8") as out:
            written = write_gold(db, out, args.all)
    print(f"kutip archive export: {written} articles", file=sys.stderr)
    return 0


def cmd_reindex(args: argparse.Namespace) -> int:
    from kutip.archive.progress import Progress
    from kutip.archive.reindex import count_outdated, reindex

    db, engine = _database(args), _engine(args)
    progress = Progress("reindex", count_outdated(db, engine))
    reindex(db, engine, progress, args.batch)
    print(progress.summary())
    return 1 if progress.counts["errors"] else 0


def _guarded(func: Any) -> Any:
    """A database kutip cannot use is a message and exit status 2, not a traceback."""

    def run(args: argparse.Namespace) -> int:
        from sqlalchemy.exc import SQLAlchemyError

        from kutip.archive.db import ArchiveConfigError

        try:
            code: int = func(args)
        except ArchiveConfigError as exc:
            print(f"kutip: {exc}", file=sys.stderr)
            return 2
        except SQLAlchemyError as exc:
            print(
                f"kutip: the archive's database failed: {exc.__class__.__name__}: {exc}",
                file=sys.stderr,
            )
            return 2
        return code

    return run


def add_archive_parser(sub: Any) -> None:
    """The ``archive`` command and its subcommands, on kutip's subparsers."""
    parser = sub.add_parser("archive", help="the quote archive: upgrade, import, export, reindex")
    commands = parser.add_subparsers(dest="archive_command", required=True)

    def command(name: str, help_text: str, func: Any) -> argparse.ArgumentParser:
        p: argparse.ArgumentParser = commands.add_parser(name, help=help_text)
        p.add_argument("--database", help="database URL (default: $KUTIP_DATABASE_URL or data/)")
        p.set_defaults(func=_guarded(func))
        return p

    command("upgrade", "create or upgrade the archive's schema", cmd_upgrade)
    p = command("import", "store articles from files or a WordPress site", cmd_import)
    p.add_argument("files", nargs="*", help="JSON lines or ninjs files")
    p.add_argument("--wordpress", metavar="URL", help="a WordPress site (its wp-json REST API)")
    p.add_argument("--max-pages", type=int, default=None, help="WordPress pages to read at most")
    p.add_argument("--max-chars", type=int, default=MAX_TEXT_CHARS, help="longest text taken")
    p.add_argument("--rules", help="rules directory")
    p = command("export", "write stored articles", cmd_export)
    p.add_argument("--gold", action="store_true", help="as a gold file (shared/eval/FORMAT.md)")
    p.add_argument("--all", action="store_true", help="every stored article, not only corrected")
    p.add_argument("-o", "--output", default="-", help="where to write (default: stdout)")
    p = command("reindex", "re-extract articles read by another engine or rule set", cmd_reindex)
    p.add_argument("--batch", type=int, default=50, help="articles read per query")
    p.add_argument("--rules", help="rules directory")
