"""An example govlint plugin: one rule, exposed through the ``govlint.rules`` entry point."""

from __future__ import annotations

from collections.abc import Iterator

import attrs

import govlint
from govlint.engine.context import Context


@attrs.frozen
class Options:
    minimum: int = attrs.field(default=3, validator=attrs.validators.instance_of(int))


class FewSubheadings(govlint.Rule):
    """Section 一 has fewer numbered sub-headings than expected.

    The 2021 format expects section 一 to cover five aspects (主动公开, 依申请公开, 政府信息管理,
    平台建设, 监督保障), usually as （一）…（五）. This example reports a section 一 with fewer
    than ``minimum`` sub-headings.
    """

    meta = govlint.RuleMeta("GLX01", "few-subheadings", govlint.Severity.INFO)
    Options = Options

    def check(self, document: govlint.Document, ctx: Context) -> Iterator[govlint.Finding]:
        one = document.section("一")
        if one is not None and len(one.subheadings) < self.options.minimum:
            yield ctx.finding(
                f"第一部分只有{len(one.subheadings)}个小标题。",
                f"Section 一 has only {len(one.subheadings)} sub-headings.",
                line=one.line,
                section="一",
                expected=self.options.minimum,
                actual=len(one.subheadings),
            )


def rules() -> list[type[govlint.Rule]]:
    """The entry point: the rule classes this plugin provides."""
    return [FewSubheadings]
