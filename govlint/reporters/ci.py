"""Output for CI systems: SARIF 2.1.0, GitHub Actions annotations, JUnit XML, JSON lines, and
per-rule statistics. Each writer takes the results of one run and returns text."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import PurePath
from typing import Any
from urllib.parse import quote

from govlint.engine.registry import Rule
from govlint.model import Finding, Related, Severity
from govlint.model.names import visible
from govlint.model.result import LintResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_LEVELS = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
_GITHUB = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}
_TABLE_NAMES = {"active_disclosure": "表二", "applications": "表三", "review_litigation": "表四"}


def _ordered(results: Sequence[LintResult]) -> Iterable[tuple[LintResult, Finding]]:
    for result in results:
        for finding in sorted(result.findings, key=lambda f: (f.location.sort_key, f.code)):
            yield result, finding


def _message(finding: Finding) -> str:
    return f"{finding.message} {finding.message_en}"


# -- JSON lines ----------------------------------------------------------------------------------


# What ``json.dumps(data, ensure_ascii=False)`` builds at every call, built once: a worker
# writes every finding of its files with it.
_LINE_ENCODER = json.JSONEncoder(ensure_ascii=False)


def jsonl(results: Sequence[LintResult]) -> str:
    """One finding per line (the fields of ``Finding.to_dict``): easy to stream and to grep."""
    encode = _LINE_ENCODER.encode
    return "".join(encode(f.to_dict()) + "\n" for _, f in _ordered(results))


# -- statistics ----------------------------------------------------------------------------------


def statistics(results: Sequence[LintResult], as_json: bool = False) -> str:
    """Findings per rule, most frequent first: ``count  code  name  severity``; with ``as_json``
    a JSON array of ``{"code", "rule", "severity", "count"}``."""
    counts = Counter((f.code, f.rule, f.severity.value) for r in results for f in r.findings)
    if as_json:
        rows = [{"code": c, "rule": n, "severity": s, "count": k} for (c, n, s), k in counts.most_common()]
        return json.dumps(rows, ensure_ascii=False, indent=1) + "\n"
    lines = [f"{n:6d}  {code}  {name:26} {severity}" for (code, name, severity), n in counts.most_common()]
    total = sum(counts.values())
    lines.append(f"{total:6d}  finding(s) in {len(results)} file(s)")
    return "\n".join(lines) + "\n"


# -- GitHub Actions ------------------------------------------------------------------------------


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(results: Sequence[LintResult]) -> str:
    """Workflow commands (``::error file=…,line=…::message``) that GitHub shows on the diff."""
    out = []
    for _, f in _ordered(results):
        loc = f.location
        props = [f"file={_escape_property(loc.path)}"]
        if loc.line is not None:
            props.append(f"line={loc.line}")
            if loc.column is not None:
                props.append(f"col={loc.column}")
        props.append(f"title={_escape_property(f'{f.code} {f.rule}')}")
        where = "" if loc.line is not None else f"[{loc.where()}] "
        out.append(f"::{_GITHUB[f.severity]} {','.join(props)}::{_escape_data(visible(where + _message(f)))}")
    return "".join(line + "\n" for line in out)


# -- JUnit XML -----------------------------------------------------------------------------------


_NOT_XML_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml(text: str) -> str:
    """Text XML 1.0 can carry: control characters (a report's leftovers) written as ``\\x1b``."""
    return _NOT_XML_RE.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def junit(results: Sequence[LintResult]) -> str:
    """One test suite per file, one test case per rule run on it; a finding is a failure (an
    error or a warning at or above the run's failing severity) of its rule's test case."""
    suites = ET.Element("testsuites", name="govlint")
    for result in results:
        failing = [f for f in result.findings if f.severity.rank >= result.fail_on.rank]
        suite = ET.SubElement(
            suites,
            "testsuite",
            name=_xml(result.path),
            tests=str(len(result.rules_run)),
            failures=str(len({f.rule for f in failing})),
            errors="0",
            skipped="0",
        )
        for rule in result.rules_run:
            case = ET.SubElement(suite, "testcase", classname=_xml(result.path), name=rule)
            for f in (f for f in result.findings if f.rule == rule):
                tag = "failure" if f.severity.rank >= result.fail_on.rank else "system-out"
                node = ET.SubElement(case, tag)
                if tag == "failure":
                    node.set("type", f.severity.value)
                    node.set("message", _xml(f"{f.code} {f.rule}: {f.message_en}"))
                node.text = _xml(f"{f.location.path}:{f.location.where()}: {_message(f)}")
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"


# -- SARIF 2.1.0 ---------------------------------------------------------------------------------


def sarif(results: Sequence[LintResult], rules: Sequence[type[Rule]]) -> str:
    """A SARIF 2.1.0 log: every rule described from its metadata and docstring, every result
    with a logical location (section, table, row, column) and a physical one where the file
    has lines (text, HTML); PDF and DOCX places are in the result's properties."""
    index = {rule.meta.name: i for i, rule in enumerate(rules)}
    driver = {
        "name": "govlint",
        "version": _version(),
        "rules": [_rule_descriptor(rule) for rule in rules],
    }
    sarif_results = [_sarif_result(f, index) for _, f in _ordered(results)]
    log = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": driver},
                "artifacts": [{"location": {"uri": _uri(r.path)}} for r in results],
                "results": sarif_results,
                "columnKind": "unicodeCodePoints",
            }
        ],
    }
    return json.dumps(log, ensure_ascii=False, indent=1) + "\n"


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("govlint")
    except PackageNotFoundError:  # pragma: no cover - a source tree that was never installed
        return "0.0.0"


def _rule_descriptor(rule: type[Rule]) -> dict[str, Any]:
    meta = rule.meta
    return {
        "id": meta.code,
        "name": meta.name,
        "shortDescription": {"text": rule.summary()},
        "fullDescription": {"text": rule.documentation()},
        "help": {"text": rule.documentation(), "markdown": rule.documentation()},
        "defaultConfiguration": {"level": _LEVELS[meta.severity]},
        "properties": {
            "family": meta.family,
            "fixable": meta.fixable,
            "tables": list(meta.tables),
            "templates": list(meta.templates),
            "tags": [meta.family],
        },
    }


def _uri(path: str) -> str:
    """A relative URI reference: the path with / separators, percent-encoded (``a:b #1.txt``)."""
    # A non-UTF-8 file name keeps its own bytes, percent-encoded: the URI names that file.
    return quote(PurePath(path).as_posix(), safe="/", errors="surrogateescape")


def _sarif_result(f: Finding, index: dict[str, int]) -> dict[str, Any]:
    loc = f.location
    location: dict[str, Any] = {}
    if loc.line is not None:
        region: dict[str, Any] = {"startLine": loc.line}
        if loc.column is not None:
            region["startColumn"] = loc.column
        location["physicalLocation"] = {"artifactLocation": {"uri": _uri(loc.path)}, "region": region}
    else:
        location["physicalLocation"] = {"artifactLocation": {"uri": _uri(loc.path)}}
    logical = _logical(f)
    if logical:
        location["logicalLocations"] = logical
    result: dict[str, Any] = {
        "ruleId": f.code,
        "ruleIndex": index.get(f.rule, -1),
        "level": _LEVELS[f.severity],
        "message": {"text": _message(f)},
        "locations": [location],
        "partialFingerprints": {"govlint/v1": f.fingerprint},
        "properties": {
            "rule": f.rule,
            "message_zh": f.message,
            "message_en": f.message_en,
            "expected": f.to_dict()["expected"],
            "actual": f.to_dict()["actual"],
        },
    }
    if f.related:
        result["relatedLocations"] = [_related(n, r) for n, r in enumerate(f.related)]
        result["properties"]["related"] = [r.to_dict() for r in f.related]
    if loc.origin is not None and not loc.origin.has_lines:
        result["properties"]["origin"] = loc.origin.to_dict()
        result["properties"]["where"] = loc.where()
    if result["ruleIndex"] < 0:
        del result["ruleIndex"]
    return result


def _related(number: int, related: Related) -> dict[str, Any]:
    """The other side of a corpus finding: its file, its table cell and the value found there."""
    loc = related.location
    where = "/".join(p for p in (_TABLE_NAMES.get(loc.table or "", loc.table), loc.row, loc.col) if p)
    year = "" if related.year is None else f"{related.year}年 "
    value = "" if related.value is None else f" = {json.dumps(related.to_dict()['value'], ensure_ascii=False)}"
    return {
        "id": number,
        "physicalLocation": {"artifactLocation": {"uri": _uri(loc.path)}},
        "message": {"text": f"{year}{where}{value}".strip() or loc.path},
    }


def _logical(f: Finding) -> list[dict[str, Any]]:
    loc = f.location
    parts: list[tuple[str, str]] = []
    if loc.section:
        parts.append(("module", f"第{loc.section}部分"))
    if loc.table:
        parts.append(("type", _TABLE_NAMES.get(loc.table, loc.table)))
    if loc.row:
        parts.append(("member", loc.row))
    if loc.col:
        parts.append(("member", loc.col))
    if not parts:
        return []
    name = parts[-1][1]
    return [{"name": name, "fullyQualifiedName": "/".join(p for _, p in parts), "kind": parts[-1][0]}]
