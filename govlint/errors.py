"""Exceptions are for misuse only (bad configuration, unknown rule); findings are values."""

from __future__ import annotations


class GovlintError(Exception):
    """Base of govlint's own errors; the message names the offending value and the fix."""


class ConfigError(GovlintError):
    """Configuration that cannot be applied: unknown rule, option or severity."""


class PluginError(GovlintError):
    """A plugin registered under the ``govlint.rules`` entry-point group failed to load."""


class ExportError(GovlintError):
    """An export that cannot be written as asked: unknown format, missing optional package."""
