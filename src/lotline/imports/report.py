"""What an import says back: rows per file, warnings, and problems as file/line/column/reason."""

from __future__ import annotations

from dataclasses import dataclass, field

from lotline.errors import ErrorCode, LotlineError, Problem

MAX_PROBLEMS = 200  # problems kept and shown; every one is still counted


@dataclass(frozen=True)
class FileProblem:
    """One problem in one cell (or row, or file) of the import."""

    file: str
    line: int | None
    column: str
    code: ErrorCode
    reason: str


def locate(problem: Problem) -> FileProblem:
    """A problem as a row of the report: its file, line (the file's; none for a whole file) and column."""
    return FileProblem(problem.file, problem.row if problem.file else None, problem.field, problem.code,
                       problem.message)


class CappedProblems(list):
    """A list of problems that keeps the first MAX_PROBLEMS and counts the rest.

    It stands in for a staging area's problem list, so a file with a million bad rows stays small.
    """

    def __init__(self, limit: int = MAX_PROBLEMS):
        super().__init__()
        self.limit = limit
        self.dropped = 0

    def append(self, problem: Problem) -> None:
        if len(self) < self.limit:
            super().append(problem)
        else:
            self.dropped += 1

    @property
    def total(self) -> int:
        return len(self) + self.dropped


class ImportRefused(LotlineError):
    """Nothing was imported because some rows are wrong; `problems` keeps the first of `total`."""

    def __init__(self, problems: list[Problem], total: int):
        kept = problems[:MAX_PROBLEMS]
        more = f" (the first {len(kept)} are listed)" if total > len(kept) else ""
        noun = "problem" if total == 1 else "problems"
        super().__init__(kept[0].code, f"nothing was imported: {total} {noun} in the files{more}", problems=kept)
        self.total = total

    @property
    def rows(self) -> list[FileProblem]:
        return [locate(p) for p in self.problems]


@dataclass
class FileCount:
    """Rows of one file: added now, and already recorded (identical, so skipped)."""

    file: str
    rows: int = 0
    added: int = 0
    unchanged: int = 0


@dataclass
class ImportReport:
    files: list[FileCount] = field(default_factory=list)
    warnings: list[FileProblem] = field(default_factory=list)  # the first ones
    warning_counts: dict[ErrorCode, int] = field(default_factory=dict)  # rows recorded despite each warning code
    overdrawn_lots: int = 0
    events: int = 0
    dry_run: bool = False

    @property
    def added(self) -> int:
        return sum(f.added for f in self.files)

    @property
    def unchanged(self) -> int:
        return sum(f.unchanged for f in self.files)
