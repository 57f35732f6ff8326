"""The documentation site: generated pages are current, and every page is in the nav.

The site itself is built by ``make docs`` (``mkdocs build --strict``, after the tests in
``make test``); these checks are the fast part, without mkdocs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from . import docgen

STALE = "{path} is stale: run `make docs-pages` (python -m tests.docgen) and commit the result"
# Files under docs/ that are not pages of the nav, and why.
NOT_IN_NAV: dict[str, str] = {}


@pytest.fixture(scope="module")
def generated() -> dict[Path, str]:
    return docgen.generated_files()


def _relative(path: Path) -> str:
    return path.relative_to(docgen.ROOT).as_posix()


@pytest.mark.parametrize("rule", [r.meta.name for r in docgen.builtin_rules()])
def test_the_rule_page_is_current(rule: str, generated: dict[Path, str]) -> None:
    path = docgen.RULE_PAGES / f"{rule}.md"
    actual = path.read_text(encoding="utf-8") if path.exists() else None
    assert actual == generated[path], STALE.format(path=_relative(path))


@pytest.mark.parametrize("path", [docgen.RULES_OVERVIEW, docgen.MKDOCS], ids=_relative)
def test_the_generated_blocks_are_current(path: Path, generated: dict[Path, str]) -> None:
    assert path.read_text(encoding="utf-8") == generated[path], STALE.format(path=_relative(path))


def test_no_page_for_a_rule_that_does_not_exist() -> None:
    assert [_relative(p) for p in docgen.stale_pages()] == []


def _nav_pages(nav: Any) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, list):
        return [page for item in nav for page in _nav_pages(item)]
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in _nav_pages(value)]
    return []


def test_every_page_is_in_the_nav_and_every_nav_entry_is_a_page() -> None:
    config = yaml.safe_load(docgen.MKDOCS.read_text(encoding="utf-8"))
    nav = _nav_pages(config["nav"])
    docs = docgen.ROOT / config["docs_dir"]
    pages = sorted(p.relative_to(docs).as_posix() for p in docs.rglob("*.md"))
    assert sorted(set(nav)) == sorted(nav), "a page is in the nav twice"
    assert sorted(set(pages) - set(nav) - set(NOT_IN_NAV)) == [], "add these pages to the nav of mkdocs.yml"
    assert sorted(set(nav) - set(pages)) == [], "the nav of mkdocs.yml names pages that do not exist"


def test_every_rule_page_shows_every_case_of_the_rule(generated: dict[Path, str]) -> None:
    shown = {r.meta.name: generated[docgen.page_path(r)].count("\n### ") for r in docgen.builtin_rules()}
    assert shown == {r.meta.name: len(docgen.cases(r)) for r in docgen.builtin_rules()}
