"""Value classes of the document model. This package imports nothing else from govlint."""

from govlint.model.document import ChromeLine, Document, Evidence, Heading, Note, Paragraph, Section
from govlint.model.finding import Edit, Finding, Fix, Location, Related, Severity
from govlint.model.names import printable
from govlint.model.origin import Origin
from govlint.model.table import (
    STATE_TEXT,
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
    "STATE_TEXT",
    "TABLE_IDS",
    "Axis",
    "Cell",
    "CellState",
    "ChromeLine",
    "Document",
    "Edit",
    "Evidence",
    "ExtraRow",
    "Finding",
    "Fix",
    "Heading",
    "Location",
    "Note",
    "Origin",
    "Paragraph",
    "Related",
    "RowMatch",
    "Section",
    "Severity",
    "Table",
    "TableProblem",
    "printable",
]
