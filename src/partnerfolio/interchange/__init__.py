"""The JSON interchange document of framework.md §8: validation, snapshots, assessment output."""

from partnerfolio.interchange.document import (
    parse_document,
    read_document,
    to_snapshot,
    validate_document,
)
from partnerfolio.interchange.errors import InvalidDocument, Problem
from partnerfolio.interchange.output import ASSESSMENT_KEYS, assessment_json

__all__ = [
    "ASSESSMENT_KEYS",
    "InvalidDocument",
    "Problem",
    "assessment_json",
    "parse_document",
    "read_document",
    "to_snapshot",
    "validate_document",
]
