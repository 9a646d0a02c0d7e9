"""The one base for domain errors: a stable code, the field/row/code at fault, and how to fix it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class ErrorCode(StrEnum):
    """Every code a problem can carry, with its HTTP status and what it means (docs/errors.md).

    Codes are stable: a client may branch on them. One condition has one code; a code is never
    reused for another meaning. Being a StrEnum, a member equals its text ("unknown_lot").
    """

    status: int
    doc: str

    def __new__(cls, value: str, status: int, doc: str) -> ErrorCode:
        member = str.__new__(cls, value)
        member._value_ = value
        member.status = status
        member.doc = doc
        return member

    AMBIGUOUS_LOT = ("ambiguous_lot", 400,
        "A code matches several lots (a supplier's lot code used twice); give our own lot code.")
    BACKUP_BROKEN = ("backup_broken", 400,
        "A backup file cannot be read, or its event log does not verify: it is not restored.")
    BACKUP_EXISTS = "backup_exists", 409, "The backup file named is already there; name a new file."
    BAD_CHANGE = "bad_change", 400, "A correction is not written FIELD=VALUE."
    BAD_CHOICE = "bad_choice", 400, "A value is not one of the allowed choices (a role, a kind, yes or no)."
    BAD_CODE = ("bad_code", 400,
        "A code we choose (lot, shipment, catalog) uses a character codes may not: only letters, digits, "
        "'-', '.' and '_', a letter or digit first (lotline/codes.py); a supplier's lot code, a control character.")
    BAD_CSV = "bad_csv", 400, "A file cannot be read as CSV from that line on."
    BAD_INPUT = ("bad_input", 400,
        "The request itself is malformed: not JSON, a NUL character or a lone surrogate, a wrong type.")
    BAD_QUANTITY = "bad_quantity", 400, "A quantity is not written like 8, 4kg or 250 g."
    BAD_VALUE = "bad_value", 400, "A value cannot be read as what its field holds (a date, a number)."
    BATCH_ALREADY_RECORDED = ("batch_already_recorded", 409,
        "The batch was recorded before without this input; add inputs as a correction.")
    CELL_TOO_LONG = ("cell_too_long", 400,
        "A CSV cell is longer than the csv module reads (131,072 characters): usually a quote left open.")
    CIRCULAR_INPUTS = "circular_inputs", 400, "A batch would end up inside itself through its inputs."
    CSRF_FAILED = ("csrf_failed", 403,
        "A write from a signed-in browser session came without its CSRF token (X-CSRFToken header).")
    CYCLE = "cycle", 400, "A recipe would make a product an ingredient of itself."
    DATABASE_NOT_EMPTY = ("database_not_empty", 409,
        "A backup is restored only into an empty database (no events, no people).")
    DATE_TOO_OLD = ("date_too_old", 400,
        "A date is before 1 January 2000, the first day Lotline takes: a year typed wrong.")
    DISCARDED_EXCEEDS_MADE = "discarded_exceeds_made", 400, "More was discarded at production than was made."
    DUPLICATE_CODE = "duplicate_code", 409, (
        "The code is already taken by another record (codes are the same whatever their case), or appears twice "
        "in one file.")
    DUPLICATE_COLUMN = "duplicate_column", 400, "A file names the same column twice."
    DUPLICATE_FILE = "duplicate_file", 400, "The same import file was chosen twice."
    DUPLICATE_SHIPMENT = ("duplicate_shipment", 409,
        "The shipment reference is already recorded with other data, or appears twice.")
    EXPIRED_INPUT = ("expired_input", 409,
        "Warning: a lot was past its best-by date on the day the batch was made; confirm to use it anyway.")
    FORBIDDEN = "forbidden", 403, "The person's role (or site) does not allow this."
    FUTURE_DATE = ("future_date", 400,
        "A date more than a day ahead of the business's today (a best-by date: more than 30 years ahead).")
    ILLEGAL_TRANSITION = ("illegal_transition", 409,
        "The lot's status does not allow this change (releasing a lot that is not held).")
    IMPOSSIBLE_DATE = ("impossible_date", 400,
        "Dates out of order: an input newer than its batch, a shipment before its lot, best-by before made.")
    JOB_NOT_WAITING = ("job_not_waiting", 409,
        "An import job is running or finished, so it is not run (again); a stopped one may be.")
    LAST_OWNER = "last_owner", 409, "The only owner cannot step down or be switched off."
    LEDGER_NOT_EMPTY = "ledger_not_empty", 409, "The demo business loads only into an empty ledger."
    LOT_UNUSABLE = "lot_unusable", 409, "The lot is on hold or failed and cannot be used or shipped."
    MISSING = "missing", 400, "A required value is empty."
    MISSING_COLUMN = "missing_column", 400, "A file lacks a required column."
    MORE_THAN_ON_HAND = "more_than_on_hand", 409, "More would be taken from a lot than it holds."
    NEAR_TWIN = ("near_twin", 409,
        "Warning: the same person recorded the same thing minutes ago; confirm it is a second one.")
    NEEDS_CONFIRMATION = ("needs_confirmation", 409,
        "Something looks wrong but may be right: send it again confirming each warning's code (recorded).")
    NO_FILES = "no_files", 400, "No import files were given."
    NO_INPUTS = ("no_inputs", 409,
        "Warning: no lot or batch went into the batch (nothing traceable went in); confirm to record it.")
    NO_PG_TOOL = ("no_pg_tool", 400,
        "pg_dump or pg_restore of the database server's version is not installed.")
    NO_RECIPE = "no_recipe", 404, "The product has no recipe."
    NOT_A_BATCH = "not_a_batch", 400, "Only a batch (not a received lot) can be marked failed."
    NOT_A_FOLDER = "not_a_folder", 400, "The import path is not a folder of CSV files."
    NOT_A_NUMBER = "not_a_number", 400, "A quantity is not a number."
    NOT_A_PRODUCT = "not_a_product", 400, "A batch makes a product, not an ingredient."
    NOT_CHANGEABLE = "not_changeable", 400, "That field of a catalog record cannot be changed."
    NOT_CORRECTABLE = "not_correctable", 400, "That field of a lot cannot be corrected."
    NOT_FOR_ENTITY = "not_for_entity", 400, "An option does not apply to this kind of catalog record."
    NOT_POSITIVE = "not_positive", 400, "A quantity must be more than zero."
    NOT_SIGNED_IN = "not_signed_in", 401, "No session and no valid API token."
    NOT_THIS_LEDGER = ("not_this_ledger", 409,
        "A backup's events differ from those this Lotline's checkpoints witnessed: another ledger, or a forged one.")
    NOT_XLSX = "not_xlsx", 400, "The file is not an XLSX workbook."
    ONE_WORKBOOK = "one_workbook", 400, "An XLSX workbook is uploaded on its own, not with other files."
    REFUSED = "refused", 400, "The API refused the request before reading it."
    REQUEST_TOO_LARGE = ("request_too_large", 413,
        "A request's form fields or JSON are larger than Lotline reads at once (DATA_UPLOAD_MAX_MEMORY_SIZE).")
    TOO_LARGE = "too_large", 400, "A quantity of a billion (1000000000) or more of its unit."
    TOO_LONG = "too_long", 400, "A value is longer than its field allows."
    TOO_PRECISE = ("too_precise", 400,
        "A quantity with more than 6 decimal places: the ledger keeps 6, and does not round for you.")
    UNIT_MISMATCH = "unit_mismatch", 400, "A unit does not convert to the lot's or item's unit (kg to units)."
    UNKNOWN_BATCH = "unknown_batch", 404, "No batch with that code."
    UNKNOWN_CODE = "unknown_code", 404, "No lot, batch, supplier lot code or unit serial with that code."
    UNKNOWN_COLUMN = "unknown_column", 400, "A file has a column Lotline does not know."
    UNKNOWN_CUSTOMER = "unknown_customer", 404, "No customer with that reference."
    UNKNOWN_FILE = "unknown_file", 400, "A file or sheet is not one of the import files."
    UNKNOWN_ITEM = "unknown_item", 404, "No item with that code."
    UNKNOWN_JOB = "unknown_job", 404, "No import job with that number (of the person asking)."
    UNKNOWN_LOT = "unknown_lot", 404, "No lot or batch with that code."
    UNKNOWN_PERSON = "unknown_person", 404, "No person with that user name."
    UNKNOWN_PRODUCT = "unknown_product", 404, "No product with that code."
    UNKNOWN_SHIPMENT = "unknown_shipment", 404, "No shipment with that reference."
    UNKNOWN_SITE = "unknown_site", 404, "No site with that code."
    UNKNOWN_SUPPLIER = "unknown_supplier", 404, "No supplier with that reference."
    UNKNOWN_TOKEN = "unknown_token", 404, "No active API token with that id."
    UNKNOWN_UNIT = "unknown_unit", 400, "A unit Lotline does not know."
    URI_TOO_LONG = "uri_too_long", 414, "The address (path and query) is longer than any Lotline link."
    USES_ITSELF = "uses_itself", 400, "A batch cannot be its own input."
    WEAK_PASSWORD = "weak_password", 400, "The password fails the password rules."


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


class NeedsConfirmation(Conflict):
    """Something looks wrong but may be right (an expired lot used, nothing traceable went in, the
    same record made minutes ago): nothing is recorded until the person confirms each warning by
    its code, and the confirmation is recorded with the event. `problems` are the warnings."""

    def __init__(self, warnings: list[Problem]) -> None:
        codes = ", ".join(self.codes_of(warnings))
        super().__init__("needs_confirmation", f"not recorded yet: confirm to record anyway ({codes})",
                         field=warnings[0].field, problems=warnings)

    @staticmethod
    def codes_of(warnings: list[Problem]) -> list[str]:
        return list(dict.fromkeys(w.code for w in warnings))

    @property
    def codes(self) -> list[str]:
        return self.codes_of(self.problems)


class Forbidden(LotlineError):
    """The person's role does not allow it."""

    status = 403
