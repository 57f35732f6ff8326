"""The national report formats as data.

``v2019.toml`` is the 2019 trial format (国办公开办函〔2019〕60号, used for the 2019 and 2020
reports); ``v2021.toml`` the 2021 format (国办公开办函〔2021〕30号, 2021 reports onward).
They are read once, on first use.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources

from govlint.errors import ConfigError
from govlint.model.table import TABLE_IDS
from govlint.templates.labels import normalize, squash, unwrap
from govlint.templates.load import build_template
from govlint.templates.spec import (
    BlockSpec,
    ColumnSpec,
    CrossYear,
    Identity,
    IdentityCheck,
    LabelMatch,
    Plausibility,
    RowSpec,
    SectionSpec,
    TableSpec,
    Template,
    TemplateDataError,
    Term,
    once_per_spec,
)

VERSIONS: tuple[str, ...] = ("2019", "2021")


@cache
def get_template(version: str) -> Template:
    """The format ``version`` ("2019" or "2021")."""
    if version not in VERSIONS:
        raise ConfigError(f"unknown template version {version!r}; known: {', '.join(VERSIONS)}")
    data = resources.files(__package__).joinpath(f"v{version}.toml").read_bytes()
    return build_template(tomllib.loads(data.decode("utf-8")))


def all_templates() -> tuple[Template, ...]:
    return tuple(get_template(v) for v in VERSIONS)


__all__ = [
    "TABLE_IDS",
    "VERSIONS",
    "BlockSpec",
    "ColumnSpec",
    "CrossYear",
    "Identity",
    "IdentityCheck",
    "LabelMatch",
    "Plausibility",
    "RowSpec",
    "SectionSpec",
    "TableSpec",
    "Template",
    "TemplateDataError",
    "Term",
    "all_templates",
    "build_template",
    "get_template",
    "normalize",
    "once_per_spec",
    "squash",
    "unwrap",
]
