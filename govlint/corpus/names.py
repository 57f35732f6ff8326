"""Organ names normalised to one key: ``市工信局`` and ``市工业和信息化局`` are one organ.

:func:`organ_key` does, in order:

1. Unicode NFKC (full-width letters, digits and brackets become half-width);
2. every kind of bracket (``【】〔〕［］〈〉《》「」『』``) becomes ``()``; white space, control
   and format characters go;
3. a trailing decoration that does not name another organ is dropped: ``(本级)``,
   ``(机关本级)``, ``(本部)``, ``(机关)``. ``汇总`` is *kept*: a summary report (``乌海市人民政府
   （汇总）``) is not the organ's own report, so its key stays apart (``乌海市人民政府汇总``);
4. punctuation goes (brackets included: ``(汇总)`` and ``汇总`` give one key);
5. the end of the name is expanded through the alias table (:data:`ALIASES_FILE`, extended by
   the user's): the longest alias the name ends with, once, unless the name already ends with
   that alias's canonical spelling.

A key that starts with a level character (``市工信局``, ``区教育局``: :func:`is_bare`) does not
say which city it is; :class:`govlint.corpus.Regions` matches it within the region the path or
the table gives.
"""

from __future__ import annotations

import csv
import functools
import io
import tomllib
import unicodedata
from collections.abc import Iterator, Mapping
from pathlib import Path

import attrs

from govlint.errors import ConfigError
from govlint.files import read_regular

ALIASES_FILE = Path(__file__).with_name("aliases.toml")
LEVEL_CHARS = frozenset("省市区县旗州盟")  # a name starting with one names no place (镇江, 乡宁 do)
_BRACKETS = str.maketrans("【〔［[〈《「『】〕］]〉》」』", "((((((((" + "))))))))")
_DECORATIONS = ("(本级)", "(机关本级)", "(本部)", "(机关)")
_DROPPED = ("Z", "Cc", "Cf")  # white space (incl. NBSP, U+3000 after NFKC), controls, zero widths


@attrs.frozen
class Aliases:
    """Alias → canonical spelling, both already cleaned (:func:`clean`)."""

    table: Mapping[str, str] = attrs.field(factory=dict)

    def expand(self, key: str) -> str:
        """``key`` with its end expanded by the longest alias it ends with (see the module)."""
        for start in range(len(key)):
            canonical = self.table.get(key[start:])
            if canonical is not None and not key.endswith(canonical):
                return key[:start] + canonical
        return key

    def extended(self, other: Aliases) -> Aliases:
        """These aliases with ``other``'s added (``other`` wins where both name an alias)."""
        return Aliases({**self.table, **other.table})

    @classmethod
    def load(cls, path: str | Path) -> Aliases:
        """An alias file: TOML with an ``[aliases]`` table (``"工信局" = "工业和信息化局"``) or a
        CSV with columns ``alias,organ``. Errors name the file and line."""
        path = Path(path)
        if path.suffix.lower() == ".toml":
            return cls(_toml_aliases(path))
        return cls(_csv_aliases(path))


@functools.cache
def builtin_aliases() -> Aliases:
    """The alias table shipped with govlint (:data:`ALIASES_FILE`)."""
    return Aliases(_toml_aliases(ALIASES_FILE))


def clean(name: str) -> str:
    """Steps 1–4 of :func:`organ_key`: the name without its spelling noise, not yet expanded."""
    text = unicodedata.normalize("NFKC", name).translate(_BRACKETS)
    text = "".join(ch for ch in text if not unicodedata.category(ch).startswith(_DROPPED))
    while text.endswith(_DECORATIONS):
        text = text[: text.rindex("(")]
    return "".join(ch for ch in text if not unicodedata.category(ch).startswith("P"))


def organ_key(name: str | None, aliases: Aliases | None = None) -> str | None:
    """The key of an organ name: equal for every spelling of one organ (see the module); None
    for no name. ``aliases``: the table to expand with (default: the built-in one)."""
    if not name:
        return None
    key = clean(name)
    return (aliases or builtin_aliases()).expand(key) or None


def is_bare(key: str) -> bool:
    """Whether ``key`` starts with a level character (``市工业和信息化局``): it names no place."""
    return key[:1] in LEVEL_CHARS


def qualified(key: str, region: str) -> str:
    """A bare key made specific to ``region``: ``乌海市`` + ``市工业和信息化局`` → ``乌海市工业和
    信息化局`` (the level character is not doubled); ``150300`` + it → ``150300市工业和信息化局``."""
    region = clean(region)
    return region + key[1:] if region.endswith(key[0]) else region + key


# -- reading the user's files --------------------------------------------------------------------

_TABLE_BYTES = 256 << 20  # a region or alias table of every organ in China is a few MiB


def read_text(path: Path) -> str:
    """A table file's text: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030."""
    try:
        data, _ = read_regular(path, _TABLE_BYTES)  # a FIFO or a device is refused unopened
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from None
    if len(data) > _TABLE_BYTES:
        raise ConfigError(f"{path}: cannot read: larger than {_TABLE_BYTES >> 20} MiB: not a table of organs")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ConfigError(f"{path}: cannot read: neither UTF-8 nor GB18030 text; save it as UTF-8")


def csv_rows(path: Path, required: tuple[str, ...]) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, row) of a CSV file with a header, the column names lower-cased; an error names the
    missing column. A tab-separated file (a spreadsheet's "text" export) is read too."""
    text = read_text(path)
    first = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first and "," not in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header = [h.strip().lower() for h in next(reader)]
    except StopIteration:
        raise ConfigError(f"{path}: empty; the first line names the columns: {', '.join(required)}") from None
    except csv.Error as exc:
        raise ConfigError(f"{path}:1: {exc}") from None
    missing = [c for c in required if c not in header]
    if missing:
        raise ConfigError(
            f"{path}:1: no column {missing[0]!r} (columns: {', '.join(header)}; needed: {', '.join(required)})"
        )
    try:
        for row in reader:
            if any(cell.strip() for cell in row):
                yield reader.line_num, {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)}
    except csv.Error as exc:
        raise ConfigError(f"{path}:{reader.line_num}: {exc}") from None


def _checked(path: Path, where: str, alias: object, organ: object) -> tuple[str, str]:
    if not isinstance(alias, str) or not isinstance(organ, str):
        raise ConfigError(f"{path}: {where}: an alias and its organ are text, not {alias!r} = {organ!r}")
    short, full = clean(alias), clean(organ)
    if not short or not full:
        raise ConfigError(f"{path}: {where}: an empty alias or organ ({alias!r} = {organ!r})")
    return short, full


def _toml_aliases(path: Path) -> dict[str, str]:
    try:
        data = tomllib.loads(read_text(path))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not TOML: {exc}") from None
    table = data.get("aliases")
    if not isinstance(table, dict) or set(data) - {"aliases"}:
        raise ConfigError(f'{path}: put the aliases in an [aliases] table: "工信局" = "工业和信息化局"')
    return dict(_checked(path, f"alias {alias!r}", alias, organ) for alias, organ in table.items())


def _csv_aliases(path: Path) -> dict[str, str]:
    return dict(
        _checked(path, f"line {line}", row["alias"], row["organ"]) for line, row in csv_rows(path, ("alias", "organ"))
    )
