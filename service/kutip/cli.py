"""The `kutip` command: extract | batch | eval | check-rules | serve."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from kutip.archive.cli import add_archive_parser
from kutip.batch import run_batch
from kutip.batch_inputs import InputError
from kutip.engine import Engine, RulesError


def _engine(rules: str | None) -> Engine:
    return Engine.from_directory(rules)


def cmd_extract(args: argparse.Namespace) -> int:
    text = sys.stdin.read() if args.file in (None, "-") else Path(args.file).read_text("utf-8")
    result = _engine(args.rules).extract(text)
    json.dump(result.to_dict(), sys.stdout, ensure_ascii=False, indent=2 if args.pretty else None)
    sys.stdout.write("\n")
    return 0


def cmd_batch(args: argparse.Namespace) -> int:
    try:
        if args.dask is None:
            return run_batch(args.inputs, args.output, args.workers, args.rules, args.format)
        if args.output == "-":
            raise InputError("output_dir_needed", "--dask writes parts: give -o DIR")
        from kutip.batch_dask import run_dask_batch

        return run_dask_batch(
            args.inputs, args.output, args.dask, args.rules, args.format, args.partition_size
        )
    except InputError as exc:
        print(f"kutip: {exc.code}: {exc}", file=sys.stderr)
        return 2


def cmd_eval(args: argparse.Namespace) -> int:
    from kutip.evaluation import evaluate

    return evaluate(args.gold, args.errors, args.by_rule, args.json, args.rules, args.by_source)


def cmd_check_rules(args: argparse.Namespace) -> int:
    from kutip.rulecheck import check_rules

    return check_rules(args.directory)


def cmd_serve(args: argparse.Namespace) -> int:
    from kutip.api.server import serve

    return serve(host=args.host, port=args.port, workers=args.workers, dev=args.dev)


def _positive(raw: str) -> int:
    if not raw.isdigit() or int(raw) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {raw!r}")
    return int(raw)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kutip", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("extract", help="extract quotes from one text (file or stdin)")
    p.add_argument("file", nargs="?", help="a UTF-8 text file; '-' or nothing for stdin")
    p.add_argument("--rules", help="rules directory (default: $KUTIP_RULES_DIR or built-in)")
    p.add_argument("--pretty", action="store_true", help="indent the JSON")
    p.set_defaults(func=cmd_extract)

    p = sub.add_parser(
        "batch",
        help="extract quotes from JSON lines (id optional) on this machine or a Dask cluster",
        description="One answer line per document line, in input order, each with its source "
        "and line. Exit status 3 when some documents failed (their lines hold the error).",
    )
    p.add_argument(
        "inputs",
        nargs="*",
        default=["-"],
        metavar="INPUT",
        help="JSON lines files, globs or fsspec URLs (s3://bucket/*.jsonl); '-' for stdin",
    )
    p.add_argument(
        "-o", "--output", default="-", help="result lines file ('-': stdout); with --dask a DIR"
    )
    p.add_argument("--workers", type=int, default=1, help="local worker processes")
    p.add_argument(
        "--dask",
        metavar="SCHEDULER",
        help="run partitions on a Dask cluster: tcp://host:8786, or local:N for N local workers",
    )
    p.add_argument(
        "--partition-size",
        type=_positive,
        default=100,
        metavar="N",
        help="documents per Dask partition (default 100)",
    )
    p.add_argument("--rules", help="rules directory")
    p.add_argument("--format", choices=["text", "ninjs"], default="text", help="input line shape")
    p.set_defaults(func=cmd_batch)

    p = sub.add_parser("eval", help="run the engine on a gold file and score it")
    p.add_argument("gold", help="gold JSON lines (shared/eval/FORMAT.md)")
    p.add_argument("--errors", type=int, default=0, metavar="N", help="list N errors")
    p.add_argument("--by-rule", action="store_true", help="precision of every rule")
    p.add_argument(
        "--by-source",
        action="store_true",
        help="the figures per source family (the id without its trailing number)",
    )
    p.add_argument("--json", action="store_true", help="print the figures as JSON")
    p.add_argument("--rules", help="rules directory")
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("check-rules", help="validate a rules directory and run its examples")
    p.add_argument("directory", nargs="?", help="rules directory (default: built-in)")
    p.set_defaults(func=cmd_check_rules)

    p = sub.add_parser("serve", help="run the HTTP service with gunicorn")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--workers", type=int, default=None)
    p.add_argument("--dev", action="store_true", help="Flask's debug server instead of gunicorn")
    p.set_defaults(func=cmd_serve)

    add_archive_parser(sub)  # kutip archive upgrade | import | export --gold | reindex
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        code: int = args.func(args)
    except RulesError as exc:
        print(f"kutip: {exc}", file=sys.stderr)
        return 2
    except (OSError, UnicodeDecodeError) as exc:
        print(f"kutip: {exc}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    sys.exit(main())
