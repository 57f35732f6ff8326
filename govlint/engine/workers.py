"""Files linted in worker processes, each under its time and memory budget.

A batch (``govlint check``, :func:`govlint.lint_many`, ``govlint export``) never parses a file in
the calling process. Files go to a pool of worker processes in chunks; each file runs under
:attr:`Budget.seconds <govlint.budget.Budget>` (a timer in the worker, and a hard limit kept by
the pool, which kills a worker that does not answer) and :attr:`Budget.memory` (an address-space
limit set in each worker on Linux). A file over a budget, or whose worker dies, becomes an
``unreadable-input`` finding that names the cause; the other files are not affected. A chunk that
fails is run again one file per task, so only the file at fault is reported.

Outcomes come back in the order of the input, as soon as they and those before them are done, so
a caller can write them as they come with memory that does not grow with the number of files.
Workers send back findings and, when asked, cell and finding rows and documents-table rows, not
parsed documents. Rows travel as one typed frame per chunk (:class:`Rows` of it per file): the
calling process then unpickles arrays and concatenates frames instead of building them row by row
after the last file, which would be work no worker can share.
"""

from __future__ import annotations

import faulthandler
import gc
import multiprocessing
import os
import signal
import sys
import time
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from types import FrameType
from typing import TYPE_CHECKING, Any, TypeVar

import attrs
from pebble import ProcessExpired, ProcessFuture, ProcessPool

from govlint import collector
from govlint.budget import DEFAULT, Budget, over_budget_note
from govlint.engine.config import Config, load_config
from govlint.engine.runner import run
from govlint.errors import GovlintError
from govlint.model import Document, Note
from govlint.model.result import LintResult
from govlint.parse import parse, parse_bytes
from govlint.rules.batch import batch_memos
from govlint.templates import all_templates

if TYPE_CHECKING:
    import pandas as pd

T = TypeVar("T")

GRACE = 5.0  # seconds the pool waits past a file's budget before it kills the worker
_AHEAD = 2  # chunks scheduled per worker ahead of the one being read: workers never wait
# A chunk ends once it holds this many bytes of input: slow files (PDFs, long reports) go in small
# chunks, so that a chunk of files that each keep to their budget stays within the chunk's limit.
_CHUNK_BYTES = 4 << 20


@attrs.frozen
class Job:
    """What every file of a batch is linted with.

    ``config``: the settings of every file, or None for each file's nearest configuration file;
    ``overrides`` on top. ``cells``: send back the file's rows of the cells frame
    (:func:`govlint.frames.cell_columns`, :func:`govlint.frames.cell_frame`). ``findings``: send
    back its rows of the findings frame (:func:`govlint.frames.findings_frame`) too.
    ``render``: ``(format, lang, color)``: send back what a run that streams that format writes
    for each file (:func:`govlint.reporters.streamed`), written in the worker.
    ``documents``: send back the parsed documents (for displays; costs memory and time).
    ``record``: send back each file's row of the corpus documents table
    (:func:`govlint.corpus.batch.document_record`), built in the worker so that documents never
    travel between processes.
    """

    config: Config | None = None
    overrides: Mapping[str, Any] = attrs.field(factory=dict)
    cells: bool = False
    documents: bool = False
    budget: Budget = DEFAULT
    record: bool = False
    findings: bool = False
    render: tuple[str, str, bool] | None = None

    def config_for(self, path: str, nearest: dict[Path | None, Config] | None = None) -> Config:
        """The settings of ``path``; ``nearest`` keeps the settings found for each folder (the
        files of one chunk, linted together, share their folder's configuration file)."""
        nearest = {} if nearest is None else nearest
        folder = None if self.config is not None else Path(path).parent  # None: the same for every file
        if folder not in nearest:
            base = self.config if self.config is not None else load_config(Path(path))
            nearest[folder] = base.merged(**self.overrides)
        return nearest[folder].for_path(path)


@attrs.frozen(eq=False)
class Rows:
    """Rows ``start:stop`` of ``frame``, the frame of a whole chunk: the files of a chunk share
    one frame, so it is pickled once and its columns travel as arrays."""

    frame: pd.DataFrame
    start: int
    stop: int

    def __len__(self) -> int:
        return self.stop - self.start

    def view(self) -> pd.DataFrame:
        """The rows as a frame of their own (index from 0)."""
        return self.frame.iloc[self.start : self.stop].reset_index(drop=True)


def stack(pieces: Iterable[Rows], empty: pd.DataFrame) -> pd.DataFrame:
    """The rows of ``pieces`` in order, as one frame (``empty`` when there are none); the
    neighbouring rows of one chunk's frame are taken in one slice."""
    import pandas as pd

    runs: list[list[Any]] = []
    for piece in pieces:
        if runs and runs[-1][0] is piece.frame and runs[-1][2] == piece.start:
            runs[-1][2] = piece.stop
        else:
            runs.append([piece.frame, piece.start, piece.stop])
    frames = [frame if (start, stop) == (0, len(frame)) else frame.iloc[start:stop] for frame, start, stop in runs]
    return pd.concat(frames, ignore_index=True) if frames else empty


@attrs.frozen
class Outcome:
    """One file of a batch: its result, or why there is none.

    ``error``: the file could not be opened (the ``OSError``'s text). ``crash``: a bug in govlint
    met on this file (the traceback). A file over its budget or whose worker died has a
    ``result`` with an ``unreadable-input`` finding, not an error. ``cells`` and ``findings``:
    the file's rows of the cells and findings frames, when the job asks for them (a file
    reported for a worker that died has none: :func:`govlint.frames.findings_frame` of its
    result gives them).
    """

    path: str
    result: LintResult | None = None
    cells: Rows | None = None
    findings: Rows | None = None
    output: str | None = None  # the file's output, when the job asks for it (Job.render)
    record: dict[str, Any] | None = None  # the documents-table row, when the job asks for it
    error: str | None = None
    crash: str | None = None
    misuse: GovlintError | None = None  # raised again in the caller: the run stops


def default_jobs() -> int:
    """The number of cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def lint_files(paths: Iterable[str], job: Job, jobs: int | None = None) -> Iterator[Outcome]:
    """Lint ``paths`` in ``jobs`` worker processes (default: :func:`default_jobs`), yielding
    one :class:`Outcome` per path in the order given.

    Closing the iterator early (or an interrupt while it waits) stops the workers. A caller that
    runs it in a program's process spares the collector for the run
    (:func:`govlint.collector.spared`), in a function, around the whole loop.
    """
    paths = list(paths)
    if not paths:
        return
    warm_up()
    workers = max(1, min(jobs or default_jobs(), len(paths)))
    chunks = _chunks(paths, workers)
    pool = ProcessPool(max_workers=workers, initializer=_start_worker, initargs=(job.budget,), context=_context())
    limit = job.budget.seconds + GRACE
    try:
        pending: deque[tuple[list[str], ProcessFuture[list[Outcome]]]] = deque()

        def schedule(count: int) -> None:
            for chunk in [c for _, c in zip(range(count), chunks, strict=False)]:
                pending.append((chunk, pool.schedule(lint_chunk, (chunk, job), timeout=limit)))

        schedule(workers * _AHEAD)
        while pending:
            chunk, future = pending.popleft()
            outcomes = _collect(future, chunk)
            if outcomes is None:  # the chunk hung or its worker died: each file alone finds which
                singles = [(p, pool.schedule(lint_chunk, ([p], job), timeout=limit)) for p in chunk]
                outcomes = [_alone(p, f, job) for p, f in singles]
            schedule(1)
            for outcome in outcomes:
                if outcome.misuse is not None:
                    raise outcome.misuse
                yield outcome
    finally:
        pool.stop()  # type: ignore[no-untyped-call]
        pool.join()


def warm_up() -> None:
    """Load, once in this process, what the first file would otherwise load inside its budget
    (rules, templates, schemas): forked workers start with it loaded.

    Not cn2an, which reads numbers written in words: compiling its patterns takes about 0.1 s,
    and most reports write their numbers in digits, so a process loads it when a report first
    needs it."""
    global _WARM
    if _WARM:
        return
    _WARM = True
    for template in all_templates():
        first = template.sections[0]
        lines = [f"{first.numeral}、{first.title}", "本年度收到申请12件，办结12件。"]  # prose
        for table in template.tables.values():
            lines.append(f"{table.numeral}、{table.title}")
            lines += ["\t".join([row.label, *["0"] * len(table.columns_of(row.key))]) for row in table.leaf_rows]
        run(parse_bytes("\n".join(lines).encode("gb18030")), Config())  # bytes: encoding detection too


def lint_chunk(paths: Sequence[str], job: Job) -> list[Outcome]:
    """What a worker does with a chunk: parse each file, compute what the rules share for all
    the parsed documents at once (:func:`govlint.rules.batch.batch_memos`), then lint each.

    In a worker each file runs under its time budget (a timer over its parse and its lint) and
    the worker's memory cap; the shared step runs under a timer of its own, and if it fails
    each document computes its share alone. Called anywhere else, no timer is set.
    """
    nearest: dict[Path | None, Config] = {}
    parsed = [_guarded(path, job, job.budget.seconds, _parse_one, path, job, nearest) for path in paths]
    ready = [p for p in parsed if isinstance(p, _Parsed)]
    memos = _shared(ready, job)
    done: list[tuple[Outcome, dict[str, list[Any]] | None]] = []
    for item in parsed:
        cells = None
        if isinstance(item, _Parsed):
            left = max(0.01, job.budget.seconds - item.spent)  # the budget covers parse and lint
            item = _guarded(item.path, job, left, _lint_one, item, memos.get(id(item), {}), job)
            if isinstance(item, _Linted):
                cells = item.cells
                item = item.outcome
        done.append((item, cells))
    return _written(_with_rows(done, job), job)


def parse_isolated(source: str | bytes, name: str, budget: Budget = DEFAULT) -> Document:
    """Parse one report (a path, or the bytes of standard input called ``name``) in a worker
    under ``budget``, as a batch would: a file over its time or memory budget, or whose worker
    dies, gives a document whose note says so. Raises ``OSError`` if the path cannot be opened."""
    done = _one_off(_parse_timed, (source, name), budget)
    return done if isinstance(done, Document) else Document(source=name, lines=(), kind=_kind(name), notes=(done,))


def lint_isolated(data: bytes, name: str, config: Config, budget: Budget = DEFAULT) -> LintResult:
    """Parse and lint the bytes of one report (standard input) in a worker under ``budget``;
    the result holds no document."""
    done = _one_off(_lint_bytes, (data, name, config), budget)
    if isinstance(done, LintResult):
        return done
    return attrs.evolve(run(Document(source=name, lines=(), kind=_kind(name), notes=(done,)), config), document=None)


def _one_off(step: Callable[..., Any], args: tuple[Any, ...], budget: Budget) -> Any:
    """``step(*args, budget)`` in a worker of its own: its value, or the note of a file over
    its time budget or whose worker died (exceptions of ``step`` are raised here)."""
    pool = ProcessPool(max_workers=1, initializer=_start_worker, initargs=(budget,), context=_context())
    try:
        future = pool.schedule(step, (*args, budget), timeout=budget.seconds + GRACE)
        try:
            return future.result()
        except (FutureTimeout, ProcessExpired, BrokenProcessPool) as exc:  # broken: died before the task
            return _stopped_note(exc, budget)
    finally:
        pool.stop()  # type: ignore[no-untyped-call]
        pool.join()


def _parse_timed(source: str | bytes, name: str, budget: Budget) -> Document | Note:
    return _within(budget, lambda: parse(source) if isinstance(source, str) else parse_bytes(source, name))


def _lint_bytes(data: bytes, name: str, config: Config, budget: Budget) -> LintResult | Note:
    return _within(budget, lambda: attrs.evolve(run(parse_bytes(data, name), config), document=None))


def _within(budget: Budget, step: Callable[[], T], seconds: float | None = None) -> T | Note:
    """``step()`` under a timer of ``seconds`` (default: the whole time budget): its value, or
    the note of the budget it exceeded.

    The timer may ring at any moment: as it is set (a budget of a microsecond), during the
    step, or as the step returns. Whatever rings while the step is timed (from before the
    timer is set until the first thing done after) stops it as over budget; a ring after that
    finds the step done and is let pass."""
    global _TIMING
    previous = _handle_alarm()
    try:
        _arm(previous, budget.seconds if seconds is None else seconds)
        return step()
    except _TimeUp:
        return over_budget_note("seconds", budget.seconds)
    except MemoryError:
        return over_budget_note("memory", budget.memory)
    finally:
        _TIMING = False  # first, and here (a call would be a moment the alarm could ring in)
        _disarm(previous)


@attrs.define
class _Parsed:
    path: str
    document: Document
    config: Config
    spent: float  # seconds its parse took


def _guarded(path: str, job: Job, seconds: float, step: Callable[..., Any], *args: Any) -> Any:
    """``step(*args)`` under the file's timer: over time or memory, the file's over-budget outcome."""
    done = _within(job.budget, lambda: step(*args), seconds)
    return _refused(path, job, done) if isinstance(done, Note) else done


def _parse_one(path: str, job: Job, nearest: dict[Path | None, Config]) -> _Parsed | Outcome:
    started = time.monotonic()
    try:
        document = parse(path)
        return _Parsed(path, document, job.config_for(path, nearest), time.monotonic() - started)
    except OSError as exc:
        return Outcome(path, error=exc.strerror or str(exc))
    except GovlintError as exc:  # misuse (bad settings): the run's, not the file's
        return Outcome(path, misuse=exc)
    except MemoryError:
        raise  # the file's memory budget, not a bug
    except Exception:  # a bug met on this file: reported with the file, the others go on
        return Outcome(path, crash=traceback.format_exc())


def _shared(ready: list[_Parsed], job: Job) -> dict[int, dict[str, Any]]:
    """What the rules share, for each parsed document of the chunk (by ``id``)."""
    if len(ready) < 2:
        return {}
    try:  # under a timer of its own: the batch's, not charged to any one file
        memos = _within(job.budget, lambda: batch_memos([p.document for p in ready]))
    except Exception:  # each document computes its own, as alone
        return {}
    if isinstance(memos, Note):  # over its budget: the same
        return {}
    return {id(p): memo for p, memo in zip(ready, memos, strict=True)}


@attrs.frozen
class _Linted:
    outcome: Outcome
    cells: dict[str, list[Any]] | None  # its cells' columns, when the job asks for them


def _lint_one(item: _Parsed, memo: dict[str, Any], job: Job) -> _Linted | Outcome:
    try:
        result = run(item.document, item.config, shared=memo)
        cells = None
        if job.cells:
            from govlint.frames import cell_columns  # audit builds on this module

            cells = cell_columns(item.document, result.findings)
        record = _record(item.path, item.document, result) if job.record else None
    except GovlintError as exc:
        return Outcome(item.path, misuse=exc)
    except MemoryError:
        raise  # the file's memory budget, not a bug
    except Exception:  # a bug met on this file: reported with the file, the others go on
        return Outcome(item.path, crash=traceback.format_exc())
    kept = result if job.documents else attrs.evolve(result, document=None)
    return _Linted(Outcome(item.path, kept, record=record), cells)


def _with_rows(done: list[tuple[Outcome, dict[str, list[Any]] | None]], job: Job) -> list[Outcome]:
    """The outcomes of a chunk, with their cells and their findings as :class:`Rows` of one
    frame each for the chunk."""
    if not (job.cells or job.findings):
        return [outcome for outcome, _ in done]
    from govlint.frames import CELL_COLUMNS, cell_frame, findings_frame  # audit builds on this module

    joined: dict[str, list[Any]] = {column: [] for column in CELL_COLUMNS}
    spans: list[tuple[int, int] | None] = []
    for _, held in done:
        start = len(joined["table"])
        spans.append(None if held is None else (start, start + len(held["table"])))
        for column, values in (held or {}).items():
            joined[column] += values
    cells = cell_frame(joined) if job.cells else None
    outcomes = [outcome for outcome, _ in done]
    findings = findings_frame([o.result for o in outcomes if o.result is not None]) if job.findings else None
    out, start = [], 0
    for outcome, span in zip(outcomes, spans, strict=True):
        rows = None if span is None or cells is None else Rows(cells, *span)
        found = None
        if findings is not None and outcome.result is not None:
            found = Rows(findings, start, start + len(outcome.result.findings))
            start = found.stop
        out.append(attrs.evolve(outcome, cells=rows, findings=found))
    return out


def _written(outcomes: list[Outcome], job: Job) -> list[Outcome]:
    """``outcomes`` with their output (:attr:`Job.render`): written here, where the workers
    share the work, not by the calling process file after file."""
    if job.render is None:
        return outcomes
    from govlint.reporters import streamed  # the reporters build on the model, not on this module

    fmt, lang, color = job.render
    return [o if o.result is None else attrs.evolve(o, output=streamed(o.result, fmt, lang, color)) for o in outcomes]


def _record(path: str, document: Document | None, result: LintResult) -> dict[str, Any]:
    from govlint.corpus.batch import document_record  # the corpus builds on this module

    return document_record(path, document, result)


def _collect(future: ProcessFuture[list[Outcome]], chunk: list[str]) -> list[Outcome] | None:
    """The chunk's outcomes, or None when it hung or its worker died."""
    try:
        return future.result()
    except (FutureTimeout, ProcessExpired):
        return None
    except Exception:  # the outcome could not be sent back (pickling): a bug, per file
        return None if len(chunk) > 1 else [Outcome(chunk[0], crash=traceback.format_exc())]


def _alone(path: str, future: ProcessFuture[list[Outcome]], job: Job) -> Outcome:
    """The outcome of a file run alone: its own, or why its worker gave none."""
    done = _collect(future, [path])
    return done[0] if done else _refused(path, job, _stopped_note(future.exception(), job.budget))


def _stopped_note(error: BaseException | None, budget: Budget) -> Note:
    """Why a worker gave no answer: killed past the time budget, or dead (its exit signal)."""
    if isinstance(error, FutureTimeout):
        return over_budget_note("seconds", budget.seconds)
    return _crashed_note(error.exitcode if isinstance(error, ProcessExpired) else None)


def _crashed_note(code: int | None) -> Note:
    name = _signal_name(code)
    return Note(
        "crashed",
        f"处理该文件的工作进程异常退出（{name}），未能检查该文件；可能是文件触发了解析库的缺陷或耗尽了内存。",
        f"The worker process reading this file died ({name}); the file was not checked. "
        "The file may trigger a defect in a parsing library, or exhaust memory.",
    )


def _refused(path: str, job: Job, note: Note) -> Outcome:
    """A result with the single note that says why ``path`` was not read."""
    document = Document(source=path, lines=(), kind=_kind(path), notes=(note,))
    result = attrs.evolve(run(document, job.config_for(path)), document=None)
    return Outcome(path, result, record=_record(path, None, result) if job.record else None)


def _kind(path: str) -> str:
    suffix = Path(path).suffix.lower()
    return {".pdf": "pdf", ".docx": "docx", ".htm": "html", ".html": "html"}.get(suffix, "text")


def _signal_name(code: int | None) -> str:
    if code is not None and code < 0:
        try:
            return signal.Signals(-code).name
        except ValueError:
            pass
    return f"exit code {code}"


def _chunks(paths: list[str], workers: int) -> Iterator[list[str]]:
    """``paths`` cut into chunks of :func:`_chunk_size` files and at most about
    :data:`_CHUNK_BYTES` bytes."""
    start = 0
    while start < len(paths):
        chunk: list[str] = []
        held = 0
        for path in paths[start : start + _chunk_size(len(paths) - start, workers)]:
            if chunk and held >= _CHUNK_BYTES:
                break
            chunk.append(path)
            held += _bytes(path)
        start += len(chunk)
        yield chunk


def _chunk_size(files: int, workers: int) -> int:
    """The size of the next chunk when ``files`` are left: big, since the rules' shared step
    (:func:`govlint.rules.batch.batch_memos`) and sending a task cost less per file in a bigger
    chunk; smaller towards the end, so that the workers finish together."""
    return max(1, min(32, files // (workers * 2)))


def _bytes(path: str) -> int:
    try:
        return os.stat(path).st_size
    except OSError:  # reported when the file is read
        return 0


def _context() -> Any:
    """Fork where there is fork: workers start at once and see every rule registered in this
    session (a rule defined in a notebook runs too); elsewhere spawn (importable rules only)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods and sys.platform == "linux" else "spawn")


_YOUNG_COLLECTION = 20_000  # allocations between two collections of the youngest objects (Python: 700)


def _start_worker(budget: Budget) -> None:
    """In each worker: leave Ctrl-C to the parent (it stops the pool), and cap memory."""
    global _IN_WORKER
    _IN_WORKER = True
    collector.settle()  # what the worker was forked with (rules, templates, schemas) lives on
    # Linting leaves almost no reference cycles (its objects are freed as they go out of use), so
    # a collection every 700 allocations mostly walks the chunk's live documents: ~5% of the time.
    gc.set_threshold(_YOUNG_COLLECTION, 10, 10)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    faulthandler.disable()  # a worker that dies is reported as the file's finding, not a dump
    _cap_memory(budget.memory)


def _cap_memory(allowed: int) -> None:
    """Limit this process's address space to what it uses now plus ``allowed`` (Linux; a
    MemoryError past it is the file's, and the worker goes on)."""
    try:
        import resource

        with open("/proc/self/statm") as statm:
            used = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (ImportError, OSError, ValueError):
        return  # no /proc: the pool's time limit still holds
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    soft = used + allowed if hard == resource.RLIM_INFINITY else min(used + allowed, hard)
    resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


class _TimeUp(BaseException):
    """Raised by the timer in the file's thread: a BaseException, so that no ``except
    Exception`` on the way (a parser's tolerance) can swallow it."""


def _ring(signum: int, frame: FrameType | None) -> None:
    if _TIMING:
        raise _TimeUp
    # else it rang as its step ended, too late to matter: the step's outcome stands


_NO_TIMER: Any = object()  # what _handle_alarm gives where no timer is used


def _handle_alarm() -> Any:
    """Let the alarm stop a step (main thread of a POSIX worker only; elsewhere the pool's hard
    limit alone holds). Returns what to restore: the handler it replaces, or _NO_TIMER."""
    if not _IN_WORKER or not hasattr(signal, "setitimer") or not _main_thread():
        return _NO_TIMER
    return signal.signal(signal.SIGALRM, _ring)


def _arm(previous: Any, seconds: float) -> None:
    """Start the step's timer of ``seconds`` (if :func:`_handle_alarm` set a handler)."""
    global _TIMING
    if previous is _NO_TIMER:
        return
    _TIMING = True  # before the timer is set: a ring at once stops the step
    signal.setitimer(signal.ITIMER_REAL, seconds)


def _disarm(previous: Any) -> None:
    """Stop the timer and put the handler back (the caller has ended the step's timing)."""
    if previous is _NO_TIMER:
        return
    signal.setitimer(signal.ITIMER_REAL, 0)
    signal.signal(signal.SIGALRM, signal.SIG_DFL if previous is None else previous)  # None: set outside Python


def _main_thread() -> bool:
    import threading

    return threading.current_thread() is threading.main_thread()


_WARM = False
_TIMING = False  # a step runs under its timer (_within): only then does a ring stop it
_IN_WORKER = False  # set in each worker: the calling process's alarms are its user's, not ours
