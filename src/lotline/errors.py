"""Domain errors: a stable code (ErrorCode, with its HTTP status and meaning), the problems at fault
each with its place in parts (Problem: file, row, field), and words saying how to fix it."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from enum import StrEnum
from typing import Any


class ErrorCode(StrEnum):
    """Every code a problem can carry, with its HTTP status and what it means (docs/errors.md).

    Codes are stable: a client may branch on them. One condition has one code, and a code one HTTP
    status on every way in; a code is never reused for another meaning.
    """

    # A StrEnum: a member equals its text ("unknown_lot"), and JSON writes it as that text.

    status: int
    doc: str

    def __new__(cls, value: str, status: int, doc: str) -> ErrorCode:
        member = str.__new__(cls, value)
        member._value_ = value
        member.status = status
        member.doc = doc
        return member

    @classmethod
    def of(cls, code: ErrorCode | str) -> ErrorCode:
        """The member a code's text names ("unknown_lot"); ValueError for a text that is no code."""
        # mypy types the call as __new__ (value, status, doc); calling an Enum looks a member up by value
        return code if isinstance(code, cls) else cls(code)  # type: ignore[call-arg]

    ALREADY_CORRECTED = ("already_corrected", 409,
        "A lab result was corrected already: correct the newest result (LR-n), which the history names.")
    AMBIGUOUS_CUSTOMER = ("ambiguous_customer", 400,
        "A name matches several customers; give the customer's ref.")
    AMBIGUOUS_ITEM = "ambiguous_item", 400, "A name matches several items; give the item's code."
    AMBIGUOUS_LOT = ("ambiguous_lot", 400,
        "A code matches several lots (a supplier's lot code used twice); give our own lot code.")
    AMBIGUOUS_SITE = "ambiguous_site", 400, "A name matches several sites; give the site's code."
    AMBIGUOUS_SUPPLIER = ("ambiguous_supplier", 400,
        "A name matches several suppliers; give the supplier's ref.")
    BACKUP_BROKEN = ("backup_broken", 400,
        "A backup file cannot be read, or its event log does not verify: it is not restored.")
    BACKUP_EXISTS = "backup_exists", 409, "The backup file named is already there; name a new file."
    BAD_CHOICE = ("bad_choice", 400,
        "A value is not one of the allowed choices (a role, a kind, yes or no, one of the Big 9 allergens).")
    BAD_CODE = ("bad_code", 400,
        "A code we choose (lot, shipment, catalog) uses a character codes may not: only letters, digits, "
        "'-', '.' and '_', a letter or digit first (lotline/codes.py); a supplier's lot code, a control character.")
    BAD_CSV = "bad_csv", 400, "A file cannot be read as CSV from that line on."
    BAD_GLN = ("bad_gln", 400,
        "A GLN (GS1 Global Location Number) is not 13 digits with the right check digit.")
    BAD_GTIN = ("bad_gtin", 400,
        "A GTIN (GS1 trade item number) is not 8, 12, 13 or 14 digits with the right check digit.")
    BAD_INPUT = ("bad_input", 400,
        "The request is not written as Lotline reads it: not JSON, a NUL character or a lone surrogate, a wrong "
        "type, a command's option not in its form (--use LOT:QUANTITY, --set FIELD=VALUE).")
    BAD_TARGET = ("bad_target", 400,
        "A process field's target range is wrong: its minimum above its maximum, or a target on a text field.")
    BATCH_ALREADY_RECORDED = ("batch_already_recorded", 409,
        "The batch was recorded before without this input; add inputs as a correction.")
    CASE_CLOSED = ("case_closed", 409,
        "The recall case or drill is closed, so it is read-only: reopen it (an event) to act on it again.")
    CASE_OPEN = "case_open", 409, "The case is open: only a closed case can be reopened."
    CELL_TOO_LONG = ("cell_too_long", 400,
        "A CSV cell is longer than the csv module reads (131,072 characters): usually a quote left open.")
    CIRCULAR_INPUTS = ("circular_inputs", 400,
        "A batch would end up inside itself (its own input, or through its inputs), or a recipe would make a "
        "product an ingredient of itself.")
    COMPLAINT_CLOSED = ("complaint_closed", 409,
        "The complaint is closed: nothing changes it but reopening it (a reply with status open).")
    COMPLAINT_HAS_NO_LOT = ("complaint_has_no_lot", 400,
        "The complaint points at no lot yet: pick its lot before opening a recall case or drill on it.")
    CSRF_FAILED = ("csrf_failed", 403,
        "A write from a signed-in browser session came without its CSRF token (X-CSRFToken header).")
    DATABASE_NOT_EMPTY = ("database_not_empty", 409,
        "A backup is restored only into an empty database (no events, no people).")
    DATE_TOO_OLD = ("date_too_old", 400,
        "A date is before 1 January 2000, the first day Lotline takes: a year typed wrong.")
    DIFFERS = ("differs", 400,
        "A product's rows in recipes.csv give two different batch quantities: one figure per recipe.")
    DISCARDED_EXCEEDS_MADE = "discarded_exceeds_made", 400, "More was discarded at production than was made."
    DUPLICATE_CODE = "duplicate_code", 409, (
        "The code (a lot code, a shipment ref, a catalog code) is already taken by another record (codes are the "
        "same whatever their case), is already recorded with other data, or appears twice in one write.")
    DUPLICATE_COLUMN = "duplicate_column", 400, "A file names the same column twice."
    DUPLICATE_FILE = "duplicate_file", 400, "The same import file was chosen twice."
    EPCIS_INVALID = ("epcis_invalid", 400,
        "A GS1 EPCIS 2.0 document cannot be read (not UTF-8, not JSON, not one JSON object) or breaks the EPCIS "
        "2.0 schema, or one of its events cannot be recorded: each problem names its event and field, and nothing "
        "was taken in.")
    EXPIRED_INPUT = ("expired_input", 409,
        "Warning: a lot was past its best-by date on the day the batch was made; confirm to use it anyway.")
    FILE_TOO_LARGE = ("file_too_large", 400,
        "An attached file (a certificate of analysis) is larger than the setting allows (COA_MAX_BYTES).")
    FORBIDDEN = "forbidden", 403, "The person's role (or site) does not allow this."
    FUTURE_DATE = ("future_date", 400,
        "A date more than a day ahead of the business's today (a best-by date: more than 30 years ahead).")
    ILLEGAL_TRANSITION = ("illegal_transition", 409,
        "The lot's status does not allow this change of status (holding a lot already held or failed, "
        "releasing one not held). Using or shipping a held lot is lot_unusable: another fix.")
    IMPOSSIBLE_DATE = ("impossible_date", 400,
        "Dates out of order: an input newer than its batch, a shipment before its lot, best-by before made, "
        "a hold released before it was placed, a window that ends before it starts.")
    JOB_NOT_WAITING = ("job_not_waiting", 409,
        "An import job is running or finished, so it is not run (again); a stopped one may be.")
    LAST_OWNER = "last_owner", 409, "The only owner cannot step down or be switched off."
    LEDGER_NOT_EMPTY = "ledger_not_empty", 409, "The demo business loads only into an empty ledger."
    LOT_UNUSABLE = ("lot_unusable", 409,
        "The lot is on hold or failed and cannot be used or shipped: release it, or choose another lot.")
    MISSING = "missing", 400, "A required value is empty."
    MISSING_COLUMN = "missing_column", 400, "A file lacks a required column."
    MORE_THAN_ON_HAND = "more_than_on_hand", 409, "More would be taken from a lot than it holds."
    MORE_THAN_RECEIVED = ("more_than_received", 409,
        "More units would come back from a customer than they received of that lot (less those returned already).")
    NEAR_TWIN = ("near_twin", 409,
        "Warning: the same person recorded the same thing minutes ago; confirm it is a second one.")
    NEEDS_CONFIRMATION = ("needs_confirmation", 409,
        "Something looks wrong but may be right: send it again confirming each warning's code (recorded).")
    NEEDS_SIGN_OFF = ("needs_sign_off", 409,
        "The lot is held for an out-of-spec lab result: a second person signs its release off before it is released.")
    NO_FILES = "no_files", 400, "No import files were given."
    NO_INPUTS = ("no_inputs", 409,
        "Warning: no lot or batch went into the batch (nothing traceable went in); confirm to record it.")
    NO_OTHER_BATCH = "no_other_batch", 404, "The product has no other batch to pick the best from."
    NO_PG_TOOL = ("no_pg_tool", 400,
        "pg_dump or pg_restore of the database server's version is not installed.")
    NO_RECIPE = "no_recipe", 404, "The product has no recipe."
    NOT_A_BATCH = ("not_a_batch", 400,
                   "Only a batch (not a received lot) can be marked failed, labelled or compared.")
    NOT_A_DATE = ("not_a_date", 400,
        "A date is not written YYYY-MM-DD, or is not in the calendar (2026-02-30).")
    NOT_A_DRILL = ("not_a_drill", 409,
        "A drill's action asked of a recall case (its report is made with close and report).")
    NOT_A_FOLDER = "not_a_folder", 400, "The import path is not a folder of CSV files."
    NOT_A_NUMBER = ("not_a_number", 400,
        "A quantity is not a number written like 12 or 0.25 (in a command, with its unit: 4kg).")
    NOT_A_PDF = "not_a_pdf", 400, "A certificate of analysis is not a PDF file (its bytes do not start with %PDF-)."
    NOT_A_PRODUCT = "not_a_product", 400, "An ingredient where a product is wanted: a batch makes a product."
    NOT_AN_EMAIL = "not_an_email", 400, "An e-mail address is not written as one (name@example.com)."
    NOT_AN_INGREDIENT = "not_an_ingredient", 400, "A product where an ingredient is wanted: a lot is received."
    NOT_CHANGEABLE = "not_changeable", 400, "That field of a catalog record cannot be changed."
    NOT_CORRECTABLE = "not_correctable", 400, "That field of a lot cannot be corrected."
    NOT_FOR_A_DRILL = ("not_for_a_drill", 409,
        "A drill changes no stock, holds nothing and notifies nobody: holds, notices, returns and destruction "
        "belong to a recall case.")
    NOT_FOR_ENTITY = "not_for_entity", 400, "An option does not apply to this kind of catalog record."
    NOT_GS1_LOT = ("not_gs1_lot", 400,
        "A GS1 DataMatrix or GS1-128 needs the product's GTIN, and a batch number and serial GS1 can carry.")
    NOT_IN_CASE = ("not_in_case", 400,
        "The lot, customer or site is not in the case's scope: recompute the case and add what changed.")
    NOT_POSITIVE = "not_positive", 400, "A quantity must be more than zero."
    NOT_SIGNED_IN = "not_signed_in", 401, "No session and no valid API token."
    NOT_THIS_LEDGER = ("not_this_ledger", 409,
        "A backup's events differ from those this Lotline's checkpoints witnessed: another ledger, or a forged one.")
    NOT_UTF8 = "not_utf8", 400, "A file is not UTF-8 text (from that line on): save it as CSV UTF-8."
    NOT_XLSX = "not_xlsx", 400, "The file is not an XLSX workbook."
    ONE_WORKBOOK = "one_workbook", 400, "An XLSX workbook is uploaded on its own, not with other files."
    PROPOSAL_DECIDED = ("proposal_decided", 409,
        "The recall case proposal was acted on already (its case opened, or dismissed).")
    REQUEST_TOO_LARGE = ("request_too_large", 413,
        "A request's form fields or JSON are larger than Lotline reads at once (DATA_UPLOAD_MAX_MEMORY_SIZE; "
        "an EPCIS document: EPCIS_CAPTURE_MAX_BYTES).")
    SAME_PERSON = ("same_person", 409,
        "The person who signed off the release of an out-of-spec hold cannot also complete it: a second person does.")
    SAMPLE_OF_ANOTHER_LOT = ("sample_of_another_lot", 400,
        "The sample named was drawn from another lot than the lot named: give one, or the two that agree.")
    TOKEN_LIMITED = ("token_limited", 403,
        "The API token is limited to one use (sending EPCIS documents to POST /epcis/capture, or a lab's results "
        "to /api/labs/LAB/results): use a token of scope all.")
    TOO_LARGE = "too_large", 400, "A quantity of a billion (1000000000) or more of its unit."
    TOO_LONG = "too_long", 400, "A value is longer than its field allows."
    TOO_PRECISE = ("too_precise", 400,
        "A quantity with more than 6 decimal places: the ledger keeps 6, and does not round for you.")
    UNDECLARED_ALLERGEN = ("undeclared_allergen", 409,
        "Warning: the batch holds an allergen its label's statement does not name; fix the item's statement, or "
        "confirm to print anyway (recorded).")
    UNIT_MISMATCH = ("unit_mismatch", 400,
        "A unit does not convert to the lot's or item's unit (kg to units), or a lab result's unit is not its spec's.")
    UNKNOWN_BATCH = ("unknown_batch", 404,
        "No batch with that code (it may be a received lot's): a batch's inputs name a batch.")
    UNKNOWN_CAPTURE = "unknown_capture", 404, "No EPCIS capture job with that id (of the person asking)."
    UNKNOWN_CASE = "unknown_case", 404, "No recall case or drill with that id (R-1, D-1, in any case)."
    UNKNOWN_COLUMN = "unknown_column", 400, "A file has a column Lotline does not know."
    UNKNOWN_COMPLAINT = "unknown_complaint", 404, "No complaint with that id (C-1, in any case)."
    UNKNOWN_CUSTOMER = "unknown_customer", 404, "No customer with that reference."
    UNKNOWN_EQUIPMENT = "unknown_equipment", 404, "No equipment with that code."
    UNKNOWN_EVENT = "unknown_event", 404, "No EPCIS event with that eventID (ours or one taken in and kept)."
    UNKNOWN_FILE = "unknown_file", 400, "A file or sheet is not one of the import files."
    UNKNOWN_ITEM = "unknown_item", 404, "No item with that code."
    UNKNOWN_JOB = "unknown_job", 404, "No import job with that number (of the person asking)."
    UNKNOWN_LAB = ("unknown_lab", 404,
        "No lab with that name or code: add the lab with the mapping of its results files first.")
    UNKNOWN_LOT = ("unknown_lot", 404,
        "No lot or batch answers to that code: our lot code in any case, and where one is taken, a supplier's "
        "lot code or a unit serial.")
    UNKNOWN_PARAMETER = ("unknown_parameter", 400,
        "An EPCIS query names a parameter Lotline does not support (the answer lists those it does).")
    UNKNOWN_PERSON = "unknown_person", 404, "No person with that user name."
    UNKNOWN_PLACEHOLDER = ("unknown_placeholder", 400,
        "A notice template names a placeholder Lotline does not fill in: use one of those listed.")
    UNKNOWN_PLAN_VERSION = ("unknown_plan_version", 404,
        "No version of the traceability plan with that number (1, 2, ...; `lotline plan --json` lists them).")
    UNKNOWN_PROCESS_FIELD = ("unknown_process_field", 400,
        "A process field the batch's product does not record: not among its fields, or retired before the batch "
        "was made.")
    UNKNOWN_PRODUCT = ("unknown_product", 404,
        "No product with that code (an ingredient's code included: only a product has a recipe).")
    UNKNOWN_PROPOSAL = "unknown_proposal", 404, "No recall case proposal with that id (P-1, in any case)."
    UNKNOWN_REQUEST = "unknown_request", 404, "No FSMA 204 request with that id (F-n)."
    UNKNOWN_RESULT = "unknown_result", 404, "No lab result with that id (LR-1, in any case)."
    UNKNOWN_SAMPLE = "unknown_sample", 404, "No sample with that id (in any case)."
    UNKNOWN_SHIPMENT = "unknown_shipment", 404, "No shipment with that reference."
    UNKNOWN_SITE = "unknown_site", 404, "No site with that code."
    UNKNOWN_STATE = ("unknown_state", 400,
        "No cottage food statement is listed for that state: write the statement the law asks for.")
    UNKNOWN_SUPPLIER = "unknown_supplier", 404, "No supplier with that reference."
    UNKNOWN_TOKEN = "unknown_token", 404, "No active API token with that id."
    UNKNOWN_UNIT = "unknown_unit", 400, "A unit Lotline does not know."
    UNSUPPORTED_MEDIA_TYPE = ("unsupported_media_type", 415,
        "An EPCIS document is sent as JSON (Content-Type application/json or application/ld+json).")
    UNSUPPORTED_VERSION = ("unsupported_version", 406,
        "A GS1-EPCIS-Min/Max or GS1-CBV-Min/Max header leaves out 2.0.0, the one version Lotline speaks.")
    URI_TOO_LONG = "uri_too_long", 414, "The address (path and query) is longer than any Lotline link."
    WEAK_PASSWORD = "weak_password", 400, "The password fails the password rules."
    WRONG_KIND_OF_RESULT = ("wrong_kind_of_result", 400,
        "A lab result is a number where its spec expects a finding (not detected), or a finding where it expects a "
        "number; or it has neither.")
    WRONG_VALUE_COUNT = "wrong_value_count", 400, "A row of a file has more or fewer values than its header."


# Codes of earlier versions, each merged into the one code of its condition (docs/errors.md lists
# them for clients to update; an answer never carries them).
MERGED: dict[str, ErrorCode] = {
    "bad_change": ErrorCode.BAD_INPUT,
    "bad_quantity": ErrorCode.NOT_A_NUMBER,
    "bad_value": ErrorCode.NOT_A_NUMBER,  # of a date: not_a_date
    "before_placed": ErrorCode.IMPOSSIBLE_DATE,
    "cycle": ErrorCode.CIRCULAR_INPUTS,
    "duplicate_shipment": ErrorCode.DUPLICATE_CODE,
    "refused": ErrorCode.BAD_INPUT,
    "unknown_allergen": ErrorCode.BAD_CHOICE,
    "unknown_code": ErrorCode.UNKNOWN_LOT,
    "uses_itself": ErrorCode.CIRCULAR_INPUTS,
}


def place(file: str = "", row: int | None = None, row_label: str = "line") -> str:
    """A place as people read it: "receipts.csv line 12", "receipts.csv", "input 2", or ""."""
    at = f"{row_label} {row}" if row is not None else ""
    return f"{file} {at}" if file and at else file or at


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one piece of input, and where: the `file` (an import file or sheet; ""
    for a form, a command or the API), its `row` (a file's line, the header being line 1, or the
    n-th row of a form: input 2), and the `field` (a form's field or a file's column).

    `row_label` is what a row is called ("line" of a file or of typed text, "input", "row");
    `typed` is the row as the person typed it, when that says more than its number (a market
    day's sale). A code given as text is read as its ErrorCode (an unknown one is a ValueError).
    """

    code: ErrorCode
    message: str
    field: str = ""
    file: str = ""
    row: int | None = None
    row_label: str = "line"
    typed: str = ""

    def __post_init__(self) -> None:
        if type(self.code) is not ErrorCode:
            object.__setattr__(self, "code", ErrorCode.of(self.code))

    @property
    def where(self) -> str:
        """The place as text: "receipts.csv line 12", "input 2", "line 3 (3 TARTS to Saturday market)"."""
        at = place(self.file, self.row, self.row_label)
        return f"{at} ({self.typed})" if at and self.typed else at

    def as_dict(self) -> dict[str, Any]:
        """As the API answers it: the place in parts (file, row, field) and as text (where)."""
        return {"code": self.code, "message": self.message, "field": self.field, "file": self.file, "row": self.row,
                "where": self.where}

    def at(self, row: int | None, *, file: str = "", row_label: str = "line", typed: str = "") -> Problem:
        """The same problem at another place (a verb's problem at the file line or typed line it came from)."""
        return replace(self, file=file, row=row, row_label=row_label, typed=typed)

    def __str__(self) -> str:
        # a file's rows have columns (receipts.csv line 12, column quantity); a form has fields
        word = "column" if self.file else "field"
        spot = ", ".join(p for p in (self.where, self.field and f"{word} {self.field}") if p)
        return f"{spot}: {self.message} [{self.code}]" if spot else f"{self.message} [{self.code}]"


class LotlineError(Exception):
    """A domain error: its code (an ErrorCode) says what is wrong and, through `status`, which HTTP
    status the API and the pages answer with; `problems` name each field or row at fault (the CLI
    prints one line per problem). A code given as text is read as its ErrorCode."""

    def __init__(self, code: ErrorCode | str, message: str, *, field: str = "",
                 problems: Sequence[Problem] | None = None):
        super().__init__(message)
        self.code = ErrorCode.of(code)
        self.message = message
        self.field = field
        self.problems = list(problems) if problems else [Problem(self.code, message, field)]

    @property
    def status(self) -> int:
        """The HTTP status of the code: one code, one status, on every way in."""
        return self.code.status

    def as_dict(self) -> dict[str, Any]:
        """The API's error body (api.schemas.ErrorOut)."""
        return {"code": self.code, "message": self.message, "field": self.field,
                "problems": [p.as_dict() for p in self.problems]}

    def __str__(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        return f"{self.message}\n" + "\n".join(f"  {p}" for p in self.problems)


class Forbidden(LotlineError):
    """The person's role (or site) does not allow it: always `forbidden`, the 403 page on the web."""

    def __init__(self, message: str, *, problems: Sequence[Problem] | None = None) -> None:
        super().__init__(ErrorCode.FORBIDDEN, message, problems=problems)


class NeedsConfirmation(LotlineError):
    """Something looks wrong but may be right (an expired lot used, nothing traceable went in, the
    same record made minutes ago): nothing is recorded until the person confirms each warning by
    its code, and the confirmation is recorded with the event. `problems` are the warnings."""

    def __init__(self, warnings: Sequence[Problem]) -> None:
        codes = ", ".join(self.codes_of(warnings))
        super().__init__(ErrorCode.NEEDS_CONFIRMATION, f"not recorded yet: confirm to record anyway ({codes})",
                         field=warnings[0].field, problems=warnings)

    @staticmethod
    def codes_of(warnings: Sequence[Problem]) -> list[ErrorCode]:
        return list(dict.fromkeys(w.code for w in warnings))

    @property
    def codes(self) -> list[ErrorCode]:
        return self.codes_of(self.problems)
