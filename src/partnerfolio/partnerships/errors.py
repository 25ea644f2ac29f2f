"""What the record's services refuse, with messages for a person to read."""

from __future__ import annotations

from partnerfolio.interchange import Problem


class RecordError(Exception):
    """A write the record refuses; the message says why, for a person to read."""


class AlreadyExists(RecordError):
    pass


class StaleEdit(RecordError):
    pass


class InvalidChange(RecordError):
    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


class InUse(RecordError):
    """A removal refused while other records still depend on what it would remove."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


class BatchRefused(RecordError):
    """Documents of a batch that cannot be imported: {index in the batch: problems}."""

    def __init__(self, problems: dict[int, list[Problem]]) -> None:
        self.problems = problems
        super().__init__(f"{len(problems)} document(s) refused")
