"""Value classes of the document model. This package imports nothing else from govlint."""

from govlint.model.document import Document, Evidence, Heading, Note, Paragraph, Section
from govlint.model.table import (
    TABLE_IDS,
    Axis,
    Cell,
    CellState,
    ExtraRow,
    RowMatch,
    Table,
    TableProblem,
)

__all__ = [
    "TABLE_IDS",
    "Axis",
    "Cell",
    "CellState",
    "Document",
    "Evidence",
    "ExtraRow",
    "Heading",
    "Note",
    "Paragraph",
    "RowMatch",
    "Section",
    "Table",
    "TableProblem",
]
