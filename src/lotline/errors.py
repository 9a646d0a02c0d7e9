"""The one base for domain errors: a stable code, the field/row/code at fault, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one piece of input; `where` names the row when there are many."""

    code: str
    message: str
    field: str = ""
    where: str = ""

    def __str__(self) -> str:
        # a file's rows have columns (receipts.csv line 12, column quantity); a form has fields
        word = "column" if "." in self.where else "field"
        place = ", ".join(p for p in (self.where, self.field and f"{word} {self.field}") if p)
        return f"{place}: {self.message} [{self.code}]" if place else f"{self.message} [{self.code}]"


class LotlineError(Exception):
    """A domain error. The API maps `status` to an HTTP code; the CLI prints one line per problem."""

    status = 400

    def __init__(self, code: str, message: str, *, field: str = "", problems: list[Problem] | None = None):
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.problems = problems or [Problem(code, message, field)]

    def __str__(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        return f"{self.message}\n" + "\n".join(f"  {p}" for p in self.problems)


class NotFound(LotlineError):
    """An unknown code, supplier, customer or item."""

    status = 404


class Conflict(LotlineError):
    """The request is valid but the ledger's state refuses it (a held lot, a duplicate code)."""

    status = 409


class Invalid(LotlineError):
    """Bad input: the field, row or code at fault is named."""

    status = 400


class Forbidden(LotlineError):
    """The person's role does not allow it."""

    status = 403
