"""The cyclic garbage collector, arranged for a command that starts, runs and exits.

Importing govlint's command line makes about 100,000 objects that live as long as the process:
modules, classes, the templates, pandas and pandera. Left alone, the collector walks all of them
again and again: twice in full during the import, once more in every full collection of the run,
and a last time while the interpreter shuts down, about 0.3 s of a one-file ``govlint check``
that takes 1.3 s. CPython's own answer is :func:`gc.freeze`: objects frozen are skipped by every
later collection (they are still freed when their count of references falls to zero).

- :func:`paused` is used around govlint's own imports. An import makes nothing that is garbage,
  so no collection runs until it is done; the collector is then as it was. A program that imports
  govlint pays no more than before: its next collections do the work.
- :func:`settle` freezes what exists. Only a process govlint owns calls it (the command line, and
  each worker): it would also freeze the objects of a notebook or of a program that imports
  govlint, and their cycles would never be collected.
- :func:`spared` freezes what exists for the length of a block and gives it back to the collector
  after: a run over many files (``lint_many`` in a notebook) then does not walk the imported
  modules in each of its full collections, and nothing is kept longer than the run. What the run
  makes is collected as usual, so its memory does not grow with the number of files. It is used
  in ordinary functions, around their whole loop, never in a generator: a generator that is
  abandoned unclosed would keep the process frozen.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No automatic collection while the block runs; the collector's state is restored after."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def settle() -> None:
    """Every object that exists now lives until the process ends: later collections, the last
    one at exit included, skip them. For a process govlint owns only (see the module's text)."""
    gc.freeze()


@contextmanager
def spared() -> Iterator[None]:
    """Collections inside the block skip the objects that exist when it starts; they are the
    collector's again when it ends (:func:`gc.unfreeze`). In a process whose objects are frozen
    already (the command line's), nothing changes: unfreezing them is not this block's to do.

    The process's frozen objects are one set: a program that freezes objects itself while the
    block runs (another thread) has them unfrozen at its end, and a process forked by another
    thread meanwhile starts frozen."""
    if gc.get_freeze_count():
        yield
        return
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()
