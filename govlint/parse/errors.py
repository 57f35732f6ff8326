"""The one way a reader says a file cannot be read."""

from __future__ import annotations


class Unreadable(Exception):
    """The file cannot be read as a report; the messages say why (Chinese first)."""

    def __init__(self, message: str, message_en: str) -> None:
        super().__init__(message_en)
        self.message = message
        self.message_en = message_en
