"""Every console example in the README and the documentation runs and prints what it shows
(issue #15), so the two cannot drift apart.

A ```` ```console ```` block holds commands after ``$ `` and the output they print after each.
A shown line ending in `` …`` stands for any line that begins as shown; a line ``…`` alone for
any further lines. Commands run from the repository's root, with this interpreter's
``govlint`` first on the path, one block as one shell session (``echo $?`` sees the status of
the command before it).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import ROOT

PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]
_BLOCK = re.compile(r"^```console\n(.*?)^```", re.M | re.S)
_MARK = "\x1egovlint-example\x1e"


def _examples() -> list[tuple[str, int, list[tuple[str, list[str]]]]]:
    out = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for block in _BLOCK.finditer(text):
            steps: list[tuple[str, list[str]]] = []
            for line in block.group(1).splitlines():
                if line.startswith("$ "):
                    steps.append((line[2:], []))
                elif steps:
                    steps[-1][1].append(line)
            line_number = text.count("\n", 0, block.start()) + 1
            out.append((page.relative_to(ROOT).as_posix(), line_number, steps))
    return out


def _same(shown: list[str], printed: list[str]) -> bool:
    if shown and shown[-1] == "…":
        shown, printed = shown[:-1], printed[: len(shown) - 1]
    if len(shown) != len(printed):
        return False
    return all(p == s or (s.endswith(" …") and p.startswith(s[:-2])) for s, p in zip(shown, printed, strict=True))


EXAMPLES = _examples()


def test_there_are_examples_to_check() -> None:
    assert len(EXAMPLES) >= 4


@pytest.mark.parametrize("example", EXAMPLES, ids=[f"{page}:{line}" for page, line, _ in EXAMPLES])
def test_console_example_prints_what_it_shows(example: tuple[str, int, list[tuple[str, list[str]]]]) -> None:
    _, _, steps = example
    # the marker before each command keeps the status of the one before it for `echo $?`
    script = "".join(f"s=$?; printf '%s\\n' '{_MARK}'; (exit $s)\n{command}\n" for command, _ in steps)
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}"}
    env.pop("NO_COLOR", None)
    done = subprocess.run(["bash", "-c", script], cwd=ROOT, capture_output=True, env=env, check=False)
    printed = done.stdout.decode("utf-8").split(_MARK + "\n")[1:]
    assert len(printed) == len(steps), done.stderr.decode("utf-8", "replace")
    for (command, shown), out in zip(steps, printed, strict=True):
        lines = out.splitlines()
        assert _same(shown, lines), f"$ {command}\nshown:\n" + "\n".join(shown) + "\nprinted:\n" + out
