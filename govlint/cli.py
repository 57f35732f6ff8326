"""Command line: argument parsing and exit codes only.

Exit status: 0 success (for ``check``: nothing at or above the failing severity), 1 findings,
2 usage error, bad configuration, or a file that cannot be opened.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from govlint import __version__, reporters
from govlint.engine.config import load_config, split_list
from govlint.engine.runner import builtin_registry, run
from govlint.errors import ConfigError, GovlintError
from govlint.parse import parse

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
REPORT_SUFFIXES = (".txt", ".md", ".text", ".html", ".htm", ".shtml", ".xhtml", ".docx", ".pdf")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govlint",
        description="Lint China's government information disclosure annual reports (政府信息公开工作年度报告).",
    )
    parser.add_argument("--version", action="version", version=f"govlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = commands.add_parser("parse", help="print the parsed document: metadata, sections and tables")
    p.add_argument("file", metavar="FILE", help="a report (plain text in any common encoding)")
    p.add_argument(
        "--format",
        choices=("text", "json", "csv"),
        default="text",
        help="text: a human summary; json: the document (see docs/parse-json.md); csv: one row per table cell",
    )
    c = commands.add_parser("check", help="lint reports and print the findings")
    c.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help="report files (text, HTML, DOCX, PDF), or folders to search for them by suffix",
    )
    c.add_argument("--format", choices=("text", "json"), default="text")
    c.add_argument("--select", help="rules to run: codes, code prefixes or names, comma-separated")
    c.add_argument("--ignore", help="rules to skip: codes, code prefixes or names, comma-separated")
    c.add_argument(
        "--fail-on", choices=("error", "warning", "info"), help="lowest severity that fails (default warning)"
    )
    commands.add_parser("rules", help="list every rule")
    r = commands.add_parser("rule", help="print a rule's documentation")
    r.add_argument("name", help="a rule name or code")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        if args.command == "check":
            return _check_command(args)
        if args.command == "rules":
            return _rules_command()
        if args.command == "rule":
            return _rule_command(args.name)
    except GovlintError as exc:
        print(f"govlint: {exc}", file=sys.stderr)
        return EXIT_USAGE
    return _parse_command(args.file, args.format)


def _files(paths: Sequence[str]) -> list[Path]:
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            out += sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)
        else:
            out.append(path)
    return out


def _check_command(args: argparse.Namespace) -> int:
    files = _files(args.paths)
    overrides = {"select": split_list(args.select), "ignore": split_list(args.ignore), "fail_on": args.fail_on}
    results = []
    status = EXIT_OK
    for path in files:
        try:
            document = parse(path)
        except OSError as exc:
            print(f"govlint: cannot read {path}: {exc.strerror or exc}", file=sys.stderr)
            status = EXIT_USAGE
            continue
        config = load_config(path).merged(**overrides)
        results.append(run(document, config))
    sys.stdout.write(reporters.json_array(results) if args.format == "json" else reporters.text(results))
    if status == EXIT_OK and not all(r.ok for r in results):
        status = EXIT_FINDINGS
    return status


def _rules_command() -> int:
    for rule in builtin_registry():
        meta = rule.meta
        print(f"{meta.code}  {meta.name:26} {meta.family:10} {meta.severity.value:8} {rule.summary()}")
    return EXIT_OK


def _rule_command(name: str) -> int:
    rule = builtin_registry().get(name)
    if rule is None:
        raise ConfigError(f"unknown rule {name!r}; `govlint rules` lists them")
    meta = rule.meta
    fixable = "yes" if meta.fixable else "no"
    print(f"{meta.code} {meta.name}\n")
    print(f"family: {meta.family}; default severity: {meta.severity.value}; fixable: {fixable}")
    print(f"tables: {', '.join(meta.tables) or '—'}; formats: {', '.join(meta.templates)}; added in {meta.added}\n")
    print(rule.documentation())
    return EXIT_OK


def _parse_command(file: str, fmt: str) -> int:
    path = Path(file)
    try:
        document = parse(path)
    except OSError as exc:
        print(f"govlint: cannot read {file}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    out = sys.stdout
    if fmt == "json":
        json.dump(document.to_dict(), out, ensure_ascii=False, indent=1)
        out.write("\n")
    elif fmt == "csv":
        out.write(reporters.document_csv(document))
    else:
        out.write(reporters.document_text(document))
    for note in document.notes:
        if note.code in ("unreadable", "empty", "not-a-report"):
            print(f"govlint: {file}: {note.message} {note.message_en}", file=sys.stderr)
    return EXIT_OK
