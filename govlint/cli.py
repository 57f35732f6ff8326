"""Command line: argument parsing and exit codes only.

Exit status: 0 success (for ``check``: nothing at or above the failing severity), 1 findings,
2 usage error, bad configuration, or a file that cannot be opened, 3 an internal error (a bug
in govlint: the message asks for a report), 130 interrupted (Ctrl-C; what finished is reported).

Machine formats (json, jsonl, sarif, junit, github) are written as UTF-8 whatever the console's
encoding; text output replaces what the console cannot show. ``--output-file`` writes UTF-8.
"""

from __future__ import annotations

import argparse
import codecs
import contextlib
import errno
import io
import json
import os
import stat
import sys
import traceback
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import attrs

from govlint import __version__, collector

with collector.paused():  # the rules, pandera and the workers: see govlint.collector
    from govlint import reporters
    from govlint.budget import NAMES, Budget, OverBudget
    from govlint.discovery import Skipped, report_files
    from govlint.engine import baseline
    from govlint.engine.config import Config, load_config, load_config_file, split_list
    from govlint.engine.runner import builtin_registry, run
    from govlint.engine.workers import Job, lint_files, lint_isolated, parse_isolated
    from govlint.errors import ConfigError, ExportError, GovlintError
    from govlint.files import atomic_write
    from govlint.frames import export, export_format, is_crash, lint_many
    from govlint.model import Document, Finding, printable
    from govlint.model.names import escape_bytes
    from govlint.model.result import LintResult
    from govlint.parse import parse
    from govlint.reporters import ci

if TYPE_CHECKING:  # imported where used: a check of one file starts without them
    from rich.progress import Progress, ProgressColumn

    from govlint.fix import Outcome

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped by Ctrl-C
FORMATS = ("text", "json", "jsonl", "sarif", "github", "junit")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="govlint",
        description="Lint China's government information disclosure annual reports (政府信息公开工作年度报告).",
    )
    parser.add_argument("--version", action="version", version=f"govlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    p = commands.add_parser("parse", help="print the parsed document: metadata, sections and tables")
    p.add_argument("file", metavar="FILE", help="a report: text or Markdown in any common encoding, HTML, DOCX or PDF")
    _add_budget_flags(p)
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
        help="report files (text, HTML, DOCX, PDF), folders to search for them, or - for standard input",
    )
    c.add_argument("--stdin-filename", metavar="NAME", help="the name of the report read from - (settings, places)")
    c.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text (default); json: an array; jsonl: a finding per line; sarif: SARIF 2.1.0; "
        "github: GitHub Actions annotations; junit: JUnit XML",
    )
    _add_rule_flags(c)
    c.add_argument("--statistics", action="store_true", help="print the number of findings per rule instead")
    c.add_argument("--show-settings", action="store_true", help="print the settings that apply to each file")
    c.add_argument("--fix", action="store_true", help="apply the safe fixes (text, HTML), then report the rest")
    c.add_argument("--diff", action="store_true", help="print the changes --fix would make, as a unified diff")
    c.add_argument("--write-baseline", metavar="FILE", help="record every finding in FILE (a baseline)")
    c.add_argument("--baseline", metavar="FILE", help="hide the findings FILE records; report stale entries")
    _add_settings_flags(c)
    c.add_argument(
        "--force-exclude",
        action="store_true",
        help="apply the exclusions and the report test to files given by name too (pre-commit)",
    )
    c.add_argument("--lang", choices=("zh", "en"), help="the language of text output (default: settings, locale, zh)")
    c.add_argument(
        "--color", choices=("auto", "always", "never"), default="auto", help="colour text output (auto: on a terminal)"
    )
    c.add_argument("--show-fixes", action="store_true", help="list what --fix would change, after the findings")
    c.add_argument("-q", "--quiet", action="store_true", help="print the findings only, no summary")
    c.add_argument("-v", "--verbose", action="store_true", help="say which files were passed over, and why")
    c.add_argument(
        "-o", "--output-file", metavar="FILE", help="write the findings to FILE (UTF-8) instead of standard output"
    )
    _add_run_flags(c)
    e = commands.add_parser(
        "export",
        help="write the table cells or the findings of many reports to Parquet or CSV",
        description="Lint the reports and write one tidy table: every canonical table cell "
        "(path, organ, year, table, row, col, raw, state, value, findings …) or every finding.",
    )
    e.add_argument("paths", nargs="+", metavar="PATH", help="report files, or folders to search for them")
    e.add_argument(
        "--to",
        action="append",
        required=True,
        metavar="FILE",
        help="where to write: .parquet (needs pyarrow) or .csv; a name starting with 'cells' or "
        "'findings' says which table, e.g. --to cells.parquet --to findings.csv (repeatable)",
    )
    e.add_argument("--what", choices=("cells", "findings"), help="which table, when the file name does not say")
    e.add_argument("--select", help="rules to run: codes, code prefixes or names, comma-separated")
    e.add_argument("--ignore", help="rules to skip: codes, code prefixes or names, comma-separated")
    _add_run_flags(e)
    _add_audit_parser(commands)
    rules = commands.add_parser("rules", help="list every rule")
    rules.add_argument("--format", choices=("text", "json"), default="text", help="json: one object per rule")
    r = commands.add_parser("rule", help="print a rule's documentation")
    r.add_argument("name", help="a rule name or code")
    return parser


def _add_audit_parser(commands: Any) -> None:
    a = commands.add_parser(
        "audit",
        help="lint a corpus of reports into an audit folder (Parquet), resumable, then run the corpus rules",
        description="Lint the reports into DIR: documents, cells, findings and errors as Parquet "
        "partitioned by year and region, and run.json (see docs/audit.md). Run again to resume.",
    )
    a.add_argument("paths", nargs="+", metavar="PATH", help="report files, or folders to search for them")
    a.add_argument("--out", required=True, metavar="DIR", help="the audit folder (new, empty, or an audit to resume)")
    a.add_argument("--batch-size", type=_count, default=None, metavar="N", help="files per batch (default 200)")
    a.add_argument("--regions", metavar="CSV", help="the region table: organ, region, parent, level[, summary]")
    a.add_argument("--aliases", metavar="FILE", help="more spellings of organ names (added to the built-in table)")
    a.add_argument("--organ-pattern", metavar="REGEX", help="a regex on the path with named groups organ, region, year")
    a.add_argument("--overwrite", action="store_true", help="replace an audit made with other rules or settings")
    _add_rule_flags(a)
    _add_settings_flags(a)
    a.add_argument("-q", "--quiet", action="store_true", help="no progress bar and no summary")
    a.add_argument("--dask", action="store_true", help="run on a Dask cluster of --jobs processes on this machine")
    a.add_argument("--scheduler", metavar="ADDRESS", help="run on the Dask cluster at ADDRESS (tcp://host:port)")
    _add_run_flags(a)


def _add_rule_flags(command: argparse.ArgumentParser) -> None:
    """Which rules run and which findings fail the run (``check``, ``audit``)."""
    command.add_argument("--select", help="rules to run: codes, code prefixes or names, comma-separated")
    command.add_argument("--extend-select", help="rules to run in addition to the configured select")
    command.add_argument("--ignore", help="rules to skip: codes, code prefixes or names, comma-separated")
    command.add_argument(
        "--fail-on", choices=("error", "warning", "info"), help="lowest severity that fails (default warning)"
    )
    command.add_argument("--exit-zero", action="store_true", help="exit 0 even when findings fail (2 is still misuse)")


def _add_settings_flags(command: argparse.ArgumentParser) -> None:
    """Where the settings come from and which files are passed over (``check``, ``audit``)."""
    add = command.add_argument
    add("--config", metavar="FILE", help="use the settings of FILE (govlint.toml or pyproject.toml) only")
    add("--isolated", action="store_true", help="ignore every configuration file (defaults and flags)")
    add("--exclude", help="gitignore patterns of files and folders to skip, comma-separated (replaces)")
    add("--extend-exclude", help="patterns to skip in addition to the configured exclude")


def _add_run_flags(command: argparse.ArgumentParser) -> None:
    """The flags of a run over many files: workers and each file's budget."""
    command.add_argument("--jobs", type=_count, metavar="N", help="lint in N worker processes (default: one per core)")
    _add_budget_flags(command)


def _add_budget_flags(command: argparse.ArgumentParser) -> None:
    """The flags of each file's budget."""
    command.add_argument("--time-budget", type=float, metavar="SECONDS", help="the time one file may take (default 20)")
    command.add_argument(
        "--memory-budget", type=_count, metavar="MIB", help="the memory one file may take, in MiB (default 1024)"
    )


def _count(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a whole number") from None
    if number < 1:
        raise argparse.ArgumentTypeError(f"{value!r} must be 1 or more")
    return number


def program() -> int:
    """The ``govlint`` program and ``python -m govlint``: :func:`main` in a process of its own.

    What is loaded when it starts lives until the process exits, so the collector skips it during
    the run; what the run made is skipped too at exit, where the interpreter would otherwise walk
    it once more before ending (:func:`govlint.collector.settle`)."""
    collector.settle()
    try:
        return main()
    finally:
        collector.settle()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv``); the exit status. It leaves the
    collector of the calling process alone (the program itself is :func:`program`)."""
    parser = _parser()
    closed = sys.stdout is None  # started with standard output closed (`govlint check x >&-`)
    if closed:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115 - the process's own, kept open
    args = parser.parse_args(argv)
    if closed and args.command in ("check", "parse", "rules", "rule") and not getattr(args, "output_file", None):
        print("govlint: standard output is closed: nowhere to write the output", file=sys.stderr)
        return EXIT_USAGE
    _tolerant_console()
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    try:
        if args.command == "check":
            return _check_command(args)
        if args.command == "export":
            return _export_command(args)
        if args.command == "audit":
            return _audit_command(args)
        if args.command == "rules":
            return _rules_command(args.format)
        if args.command == "rule":
            return _rule_command(args.name)
        return _parse_command(args.file, args.format, Config().merged(**_budget_flags(args)).budget())
    except GovlintError as exc:
        print(f"govlint: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:  # Ctrl-C outside a run over files: nothing was written
        print("govlint: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:  # the reader went away (`| head`) while files were still being linted
        _silence_stdout()
        # what was not linted cannot be vouched for: a check cut short is no clean pass
        return EXIT_FINDINGS if args.command == "check" and not args.exit_zero else EXIT_OK
    except OSError as exc:
        if exc.filename is not None or exc.errno not in _FULL:
            return _internal_error()  # not standard output's
        _silence_stdout()
        print(f"govlint: cannot write standard output: {exc.strerror}", file=sys.stderr)
        return EXIT_USAGE
    except Exception:
        return _internal_error()


def _internal_error() -> int:
    """A bug: say so, with what a report needs, and never exit 1 ("findings")."""
    print(
        f"govlint {__version__}: internal error (a bug in govlint; please report it with this text):\n"
        + traceback.format_exc(),
        file=sys.stderr,
    )
    return EXIT_INTERNAL


# What writing to standard output meets on a full or failing disk (a file of the run's own is
# named in its error, and each is reported where it is written).
_FULL = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO})


def _silence_stdout() -> None:
    """Standard output to nowhere, once its reader has gone: Python's flush at exit would
    otherwise fail again."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _tolerant_console() -> None:
    """Text the console cannot encode (Chinese on a cp1252 console) is escaped, not a crash; a
    file name that is not UTF-8 shows its bytes as ``\\xff`` in messages too, as in findings."""
    codecs.register_error(_ESCAPE_BYTES, escape_bytes)
    for stream in (sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper) and stream.errors in ("strict", "backslashreplace"):
            stream.reconfigure(errors=_ESCAPE_BYTES)


_ESCAPE_BYTES = "govlint.escape-bytes"


def _emit(text: str, fmt: str, output_file: str | None) -> None:
    """Machine formats as UTF-8 bytes whatever the console's encoding; text as the console can.
    Lone surrogates left in the text (the bytes of a name that is not UTF-8) are written as
    ``\\udcff``, which is still valid JSON, XML and text."""
    if output_file is not None:
        atomic_write(Path(output_file), text.encode("utf-8", "backslashreplace"))
    elif fmt == "text" or not hasattr(sys.stdout, "buffer"):
        sys.stdout.write(text)
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(text.encode("utf-8", "backslashreplace"))
        sys.stdout.buffer.flush()


def _check_command(args: argparse.Namespace) -> int:
    unlisted: list[tuple[Path, OSError]] = []
    skipped: list[Skipped] = []
    found = {"exclude": split_list(args.exclude), "extend_exclude": split_list(args.extend_exclude)}
    settings_of = _settings(args)
    discovery = settings_of(Path.cwd()).merged(**found).discovery(force_exclude=args.force_exclude)
    stdin = "-" in args.paths
    if stdin and (args.fix or args.diff or args.write_baseline):
        raise ConfigError("standard input (-) is linted, not fixed or baselined: name the file instead")
    for flag, value in (("--write-baseline", args.write_baseline), ("--baseline", args.baseline)):
        if value == "":  # an unset variable: no file, and never a file named so quietly skipped
            raise ConfigError(f"{flag}: an empty path ('') names no file")
    if args.write_baseline and args.output_file:
        raise ConfigError("--write-baseline writes the baseline, not the findings: leave out --output-file")
    if args.statistics and args.format not in ("text", "json"):
        raise ConfigError(f"--statistics prints text or JSON, not {args.format}: use --format text or json")
    acting = [
        flag
        for flag, on in (("--fix", args.fix), ("--diff", args.diff), ("--write-baseline", args.write_baseline))
        if on
    ]
    if args.show_settings and acting:  # it would write nothing, without a word
        raise ConfigError(f"--show-settings prints the settings and lints nothing: leave out {' and '.join(acting)}")
    files = report_files([p for p in args.paths if p != "-"], unlisted, discovery, skipped)
    for folder, error in unlisted:
        print(f"govlint: cannot read {folder}: {error.strerror or error}", file=sys.stderr)
    if args.verbose:
        for passed in skipped:
            print(f"govlint: skipped {passed.path}: {passed.why}", file=sys.stderr)
    writes = [what for what, on in (("the baseline", args.write_baseline), ("fixes", args.fix)) if on]
    if writes:  # nothing the user owns is written by a run that cannot read all its inputs
        unreadable = [*unlisted, *_unreadable(files)]
        for path, error in unreadable[len(unlisted) :]:
            print(f"govlint: cannot read {path}: {error.strerror or error}", file=sys.stderr)
        if unreadable:
            print(
                f"govlint: nothing written ({' and '.join(writes)}): {len(unreadable)} input(s) could not be read",
                file=sys.stderr,
            )
            return EXIT_USAGE
    overrides = {
        "select": split_list(args.select),
        "extend_select": split_list(args.extend_select),
        "ignore": split_list(args.ignore),
        "fail_on": args.fail_on,
    }
    if args.show_settings:
        registry = builtin_registry()
        settings = [settings_of(p).merged(**overrides).describe(p, registry) for p in files]
        shown = settings[0] if len(settings) == 1 else settings
        json.dump(shown, sys.stdout, ensure_ascii=False, indent=1, default=str)
        sys.stdout.write("\n")
        return EXIT_USAGE if unlisted else EXIT_OK
    results: list[LintResult] = []
    status = EXIT_USAGE if unlisted else EXIT_OK
    failed = len(unlisted)
    changed = False
    budget = settings_of(Path.cwd()).merged(**overrides, **_budget_flags(args)).budget()
    if stdin:
        name = args.stdin_filename or "-"
        config = settings_of(Path(name) if args.stdin_filename else Path.cwd()).merged(**overrides)
        stdin_result = lint_isolated(sys.stdin.buffer.read(), name, config.for_path(name), budget)
    out = _Output(args)
    job = Job(_fixed_settings(args), overrides, budget=budget, render=out.render())
    if stdin:
        out.add(stdin_result, results)
    crashed = 0
    done = 0
    try:
        with _progress(args, len(files)) as advance:
            for outcome in lint_files([str(path) for path in files], job, args.jobs):
                advance()
                done += 1
                path = Path(outcome.path)
                if outcome.error is not None:
                    print(f"govlint: cannot read {path}: {outcome.error}", file=sys.stderr)
                    status = EXIT_USAGE
                    failed += 1
                    continue
                if outcome.result is None:  # a bug met on this file: say so, and go on with the others
                    print(
                        f"govlint {__version__}: internal error on {path} (a bug in govlint; please report it):\n"
                        + (outcome.crash or ""),
                        file=sys.stderr,
                    )
                    crashed += 1
                    failed += 1
                    continue
                result = outcome.result
                if (args.fix or args.diff) and any(f.fix is not None for f in result.findings):
                    result, fixed, failed_fix = _fix(path, result, args, settings_of(path).merged(**overrides))
                    changed = changed or fixed
                    status = EXIT_USAGE if failed_fix else status
                out.add(result, results, outcome.output if result is outcome.result else None)
    except KeyboardInterrupt:  # stop cleanly: what finished is reported, nothing half-written
        out.finish(results, failed)
        print(f"govlint: interrupted: {done} of {len(files)} file(s) checked", file=sys.stderr)
        return EXIT_INTERRUPTED
    if args.diff:
        return status if status != EXIT_OK else (EXIT_FINDINGS if changed and not args.exit_zero else EXIT_OK)
    if args.write_baseline:
        if status != EXIT_OK:  # an input became unreadable during the run
            print(f"govlint: nothing written to {args.write_baseline}: an input could not be read", file=sys.stderr)
            return status
        try:
            count = baseline.write(results, Path(args.write_baseline))
        except OSError as exc:
            print(f"govlint: cannot write {args.write_baseline}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_USAGE
        print(f"govlint: wrote {count} finding(s) of {len(results)} file(s) to {args.write_baseline}", file=sys.stderr)
        return status
    if args.baseline:
        results, unused = baseline.apply(results, baseline.read(Path(args.baseline)), Path(args.baseline))
        for waiver in unused:
            print(
                f"govlint: {args.baseline}: waiver for {waiver.code} {waiver.rule} in {waiver.path} "
                f"({waiver.fingerprint}, {waiver.count} left) matches no finding any more; "
                "remove it or write the baseline again",
                file=sys.stderr,
            )
    try:
        out.finish(results, failed)
    except BrokenPipeError:  # the reader went away (`| head`) after every file was linted: the verdict stands
        _silence_stdout()
    except OSError as exc:
        print(f"govlint: cannot write {args.output_file or 'standard output'}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    if status == EXIT_OK and not out.ok(results) and not args.exit_zero:
        status = EXIT_FINDINGS
    return EXIT_INTERNAL if crashed else status


def _settings(args: argparse.Namespace) -> Callable[[Path], Config]:
    """Where each file's settings come from: ``--isolated`` (none), ``--config FILE`` (that file,
    for every file), or the nearest configuration file."""
    fixed = _fixed_settings(args)
    return load_config if fixed is None else lambda _: fixed


def _fixed_settings(args: argparse.Namespace) -> Config | None:
    """The settings of every file (``--isolated``, ``--config``), or None: each file's nearest."""
    if args.isolated:
        return Config()
    if args.config:
        return load_config_file(Path(args.config))
    return None


def _budget_flags(args: argparse.Namespace) -> dict[str, Any]:
    return {"time_budget": args.time_budget, "memory_budget": args.memory_budget}


def _fix(path: Path, result: LintResult, args: argparse.Namespace, config: Config) -> tuple[LintResult, bool, bool]:
    """Apply (``--fix``) or show (``--diff``) the fixes of a file its worker linted: the result
    after fixing, whether anything changed, and whether the file could not be fixed."""
    from govlint.fix import fix_file

    config = config.for_path(path)
    try:
        outcome = fix_file(path, _linter(config), write=args.fix)
    except OSError as exc:
        print(f"govlint: cannot fix {path}: {exc.strerror or exc}", file=sys.stderr)
        return result, False, True
    except OverBudget as exc:  # fixes that do not settle, or a file grown too large: none is written
        print(f"govlint: not fixing {path}: {_over_budget(exc)}; nothing was written", file=sys.stderr)
        return result, False, True
    _report_fixes(outcome, args.diff)
    if outcome.written:
        result = attrs.evolve(run(parse(path), config), document=None)
    return result, bool(outcome.diff), False


class _Output:
    """Where the findings go. Text, JSON, JSON lines and GitHub annotations on standard output
    are written as each file finishes (in input order; a JSON array's brackets around the files'
    findings), and only a tally is kept, so memory does not grow with the number of files; the
    other formats, an output file, a baseline or statistics are written when the run is done,
    from every result."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.streaming = args.format in reporters.STREAMED and not (
            args.output_file or args.statistics or args.baseline or args.write_baseline or args.diff
        )
        self.lang = args.lang or reporters.default_lang(_settings(args)(Path.cwd()).lang)
        self.color = args.color == "always" or (
            args.color == "auto" and not os.environ.get("NO_COLOR") and not args.output_file and sys.stdout.isatty()
        )
        self.tally = reporters.Tally(self.lang, keep_fixes=args.show_fixes)
        self.pending_blank = False
        self.opened = False  # the JSON array's ``[`` is written (with its first finding)

    def render(self) -> tuple[str, str, bool] | None:
        """What the workers write for each file (:attr:`Job.render`): when the output streams."""
        return (self.args.format, self.lang, self.color) if self.streaming else None

    def add(self, result: LintResult, results: list[LintResult], written: str | None = None) -> None:
        """Write ``result`` now (streaming) or keep it in ``results`` for the end. ``written``:
        its output, as its worker wrote it (:attr:`Job.render`)."""
        if not self.streaming:
            results.append(result)
            return
        self.tally.add(reporters.printable_result(result))
        fmt = self.args.format
        text = written if written is not None else reporters.streamed(result, fmt, self.lang, self.color)
        if fmt == "text":
            text, self.pending_blank = ("\n" if self.pending_blank else "") + text, bool(text)
        elif fmt == "json" and text:
            text, self.opened = ("[\n" if not self.opened else ",\n") + text, True
        if text:
            _emit(text, fmt, None)

    def ok(self, results: list[LintResult]) -> bool:
        return self.tally.ok if self.streaming else all(r.ok for r in results)

    def finish(self, results: list[LintResult], failed: int) -> None:
        args = self.args
        if not self.streaming:
            _emit(_render(args, results, failed, self.lang, self.color), args.format, args.output_file)
        elif args.format == "text":
            tail = reporters.text_tail(
                self.tally, failed, lang=self.lang, color=self.color, show_fixes=args.show_fixes, quiet=args.quiet
            )
            _emit(tail, "text", None)
        elif args.format == "json":  # the array closed: what finished is valid JSON, Ctrl-C or not
            _emit("\n]\n" if self.opened else "[]\n", "json", None)


def _bar() -> Progress:
    """A progress bar on standard error: files done, files/s, time left (rich, imported here:
    a run that shows no bar does not load it)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskProgressColumn, TimeRemainingColumn

    columns = (BarColumn(), MofNCompleteColumn(), TaskProgressColumn(), _rate_column(), TimeRemainingColumn())
    # Output to the terminal is printed above the bar; output redirected to a file or a pipe is
    # left alone (rich would take it onto the terminal, and the file would get nothing).
    return Progress(*columns, console=Console(stderr=True), transient=True, redirect_stdout=_is_terminal(sys.stdout))


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # replaced, or closed
        return False


def _rate_column() -> ProgressColumn:
    from rich.progress import ProgressColumn, Task
    from rich.text import Text

    class RateColumn(ProgressColumn):
        """Files per second."""

        def render(self, task: Task) -> Text:
            speed = task.finished_speed or task.speed
            return Text("" if speed is None else f"{speed:.1f} files/s")

    return RateColumn()


@contextlib.contextmanager
def _progress(args: argparse.Namespace, total: int) -> Iterator[Callable[[], None]]:
    """A progress bar on standard error (files done, files/s, time left) for a run of several
    files on a terminal; nothing with ``--quiet`` or when standard error is not a terminal."""
    if total < 2 or args.quiet or not sys.stderr.isatty():
        yield lambda: None
        return
    with _bar() as progress:
        task = progress.add_task("files", total=total)
        yield lambda: progress.advance(task)


def _linter(config: Config) -> Callable[[Document], Sequence[Finding]]:
    def lint(document: Document) -> Sequence[Finding]:
        return run(document, config).findings

    return lint


def _over_budget(exc: OverBudget) -> str:
    if exc.name == "fix_passes":
        return f"the fixes did not settle within {exc.limit:g} passes (budget fix_passes)"
    return f"over the {NAMES[exc.name][1]} budget ({exc.name})"


def _report_fixes(outcome: Outcome, diff: bool) -> None:
    if diff:
        sys.stdout.write(outcome.diff)
    verb = "would fix" if diff else "fixed"
    if outcome.fixed:
        print(f"govlint: {outcome.path}: {verb} {len(outcome.fixed)} finding(s)", file=sys.stderr)
    for finding, why in outcome.skipped:
        print(f"govlint: {outcome.path}: not fixing {finding.code} {finding.rule}: {why}", file=sys.stderr)


def _render(args: argparse.Namespace, results: list[LintResult], failed: int, lang: str, color: bool) -> str:
    fmt = args.format
    if fmt != "sarif":  # SARIF names a file by a URI, which percent-encodes the name's own bytes
        results = [reporters.printable_result(r) for r in results]
    if args.statistics:
        return ci.statistics(results, as_json=fmt != "text")
    if fmt == "json":
        return reporters.json_array(results)
    if fmt == "jsonl":
        return ci.jsonl(results)
    if fmt == "sarif":
        return ci.sarif(results, list(builtin_registry()))
    if fmt == "github":
        return ci.github(results)
    if fmt == "junit":
        return ci.junit(results)
    return reporters.text(results, failed, lang=lang, color=color, show_fixes=args.show_fixes, quiet=args.quiet)


def _export_command(args: argparse.Namespace) -> int:
    # Everything that can be checked before linting is: a run that cannot write ends at once.
    targets = [(Path(to), _what(Path(to), args.what)) for to in args.to]
    missing = [(path, problem) for path in args.paths if (problem := _cannot_look_at(path))]
    for path, problem in missing:
        print(f"govlint: cannot read {path}: {problem}", file=sys.stderr)
    if missing:
        return EXIT_USAGE
    overrides: dict[str, Any] = {"select": split_list(args.select), "ignore": split_list(args.ignore)}
    overrides.update(_budget_flags(args))
    audit = lint_many(args.paths, jobs=args.jobs, **{k: v for k, v in overrides.items() if v})
    for path, message in audit.errors:
        print(f"govlint: {'on' if is_crash(message) else 'cannot read'} {path}: {message}", file=sys.stderr)
    if audit.errors:  # an export holds every report or none: an existing export is kept
        print(f"govlint: nothing written: {len(audit.errors)} path(s) could not be read", file=sys.stderr)
        return EXIT_INTERNAL if any(is_crash(message) for _, message in audit.errors) else EXIT_USAGE
    for target, what in targets:
        frame = audit.cells if what == "cells" else audit.findings
        try:
            export(frame, target)
        except OSError as exc:
            print(f"govlint: cannot write {target}: {exc.strerror or exc}", file=sys.stderr)
            return EXIT_USAGE
        print(f"govlint: wrote {len(frame)} {what} of {len(audit)} file(s) to {target}", file=sys.stderr)
    return EXIT_OK


def _audit_command(args: argparse.Namespace) -> int:
    from govlint.corpus.dataset import read_table
    from govlint.corpus.runner import DEFAULT_BATCH_SIZE, failing, run_audit

    overrides: dict[str, Any] = {
        "select": split_list(args.select),
        "extend_select": split_list(args.extend_select),
        "ignore": split_list(args.ignore),
        "fail_on": args.fail_on,
        "exclude": split_list(args.exclude),
        "extend_exclude": split_list(args.extend_exclude),
        "regions": args.regions,
        "aliases": args.aliases,
        "organ_pattern": args.organ_pattern,
        **_budget_flags(args),
    }
    bar = _LateProgress(quiet=args.quiet)
    try:
        done = run_audit(
            args.paths,
            args.out,
            config=_fixed_settings(args),
            jobs=args.jobs,
            batch_size=args.batch_size or DEFAULT_BATCH_SIZE,
            overwrite=args.overwrite,
            progress=bar.advance,
            started=bar.start,
            engine="dask" if args.dask or args.scheduler else "local",
            scheduler=args.scheduler,
            **{k: v for k, v in overrides.items() if v not in (None, ())},
        )
    except KeyboardInterrupt:  # the batches that were complete are kept: a rerun resumes
        bar.stop()
        print(
            f"govlint: interrupted: the finished batches are kept in {args.out}; run again to resume", file=sys.stderr
        )
        return EXIT_INTERRUPTED
    except OSError as exc:  # the folder cannot be written (read-only, full); the inputs' errors are rows
        where = exc.filename or args.out
        print(f"govlint: cannot write the audit folder ({where}): {exc.strerror or exc}", file=sys.stderr)
        print("govlint: the batches written before are kept; run again to resume", file=sys.stderr)
        return EXIT_USAGE
    finally:
        bar.stop()
    unread = read_table(done.folder, "errors")
    for path, kind, message in unread.itertuples(index=False):
        what = "cannot read" if kind == "error" else "internal error (a bug in govlint; please report it) on"
        print(f"govlint: {what} {path}: {message}", file=sys.stderr)
    errors = unread["kind"]
    severities = read_table(done.folder, "findings", ("severity",))["severity"].value_counts()
    reports = len(read_table(done.folder, "documents", ("path",)))
    if not args.quiet:
        counts = ", ".join(f"{int(severities.get(s, 0))} {s}" for s in ("error", "warning", "info"))
        resumed = f" ({done.skipped} done before)" if done.skipped else ""
        print(
            f"govlint: {reports} report(s){resumed}; findings: {counts}; {len(errors)} file(s) not read; "
            f"audit folder: {done.folder}",
            file=sys.stderr,
        )
    if (errors == "crash").any():
        return EXIT_INTERNAL
    if len(errors):
        return EXIT_USAGE
    if failing(done.folder, done.settings.fail_on) and not args.exit_zero:
        return EXIT_FINDINGS
    return EXIT_OK


class _LateProgress:
    """The progress bar of a run that learns how many files it has once it has found them."""

    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet
        self.bar: Progress | None = None
        self.task: Any = None

    def start(self, total: int) -> None:
        if total < 2 or self.quiet or not sys.stderr.isatty():
            return
        self.bar = _bar()
        self.bar.start()
        self.task = self.bar.add_task("files", total=total)

    def advance(self) -> None:
        if self.bar is not None:
            self.bar.advance(self.task)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None


def _unreadable(files: Sequence[Path]) -> list[tuple[Path, OSError]]:
    """The files that cannot be opened for reading now."""
    out = []
    for path in files:
        try:
            if not stat.S_ISREG(os.stat(path).st_mode):
                continue  # not opened (a FIFO blocks open); the run reports it as not a report
            with open(path, "rb"):
                pass
        except OSError as exc:
            out.append((path, exc))
    return out


def _cannot_look_at(path: str) -> str | None:
    """Why ``path`` cannot be read (it does not exist, a folder above it may not be entered), or None."""
    try:
        os.stat(path)
    except OSError as exc:
        return exc.strerror or str(exc)
    return None


def _what(target: Path, what: str | None) -> str:
    """Which table goes to ``target``: its name says (cells…, findings…), else ``--what``."""
    export_format(target)
    named = next((name for name in ("cells", "findings") if target.name.lower().startswith(name)), None)
    if named is not None and what is not None and named != what:
        raise ExportError(
            f"--to {target} names the {named} table but --what says {what}: rename the file or drop --what"
        )
    if named is None and what is None:
        raise ExportError(
            f"--to {target}: say which table with --what cells|findings, or name the file cells…/findings…"
        )
    return named or str(what)


def _rules_command(fmt: str = "text") -> int:
    if fmt == "json":
        rules = [
            {
                "code": r.meta.code,
                "name": r.meta.name,
                "family": r.meta.family,
                "severity": r.meta.severity.value,
                "fixable": r.meta.fixable,
                "tables": list(r.meta.tables),
                "templates": list(r.meta.templates),
                "added": r.meta.added,
                "summary": r.summary(),
            }
            for r in builtin_registry()
        ]
        _emit(json.dumps(rules, ensure_ascii=False, indent=1) + "\n", "json", None)
        return EXIT_OK
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


def _parse_command(file: str, fmt: str, budget: Budget) -> int:
    try:
        document = parse_isolated(file, file, budget)
    except OSError as exc:
        print(f"govlint: cannot read {file}: {exc.strerror or exc}", file=sys.stderr)
        return EXIT_USAGE
    if fmt == "json":
        printed = document.to_dict()
        printed["path"] = printable(printed["path"])
        _emit(json.dumps(printed, ensure_ascii=False, indent=1) + "\n", fmt, None)
    elif fmt == "csv":
        _emit(printable(reporters.document_csv(document)), fmt, None)
    else:
        _emit(printable(reporters.document_text(document)), fmt, None)
    for note in document.notes:
        if note.code in ("unreadable", "empty", "not-a-report"):
            print(f"govlint: {file}: {note.message} {note.message_en}", file=sys.stderr)
    return EXIT_OK
