"""The FSMA 204 traceability plan through the API: the plan in effect with its versions, its settings
(owners), and any version as Markdown or PDF. The same verbs and queries `lotline plan` and the page call."""

from __future__ import annotations

import dataclasses
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema

from lotline.accounts.rights import Right, require
from lotline.plans.models import LENGTHS
from lotline.plans.queries import find_version
from lotline.plans.services import Plan, current_plan, set_plan

from ..answers import derived
from ..schemas import ErrorOut

router = Router(tags=["plan"])
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut}
PlanOut = derived(Plan)


def _setting(description: str, field: str) -> Any:
    return Field(None, description=f"{description} (absent: unchanged; \"\": cleared)",
                 json_schema_extra={"maxLength": LENGTHS[field]})


class PlanSettingsIn(Schema):
    business: str | None = _setting("The business's name (cleared: the first site's name)", "business")
    contact_name: str | None = _setting("The point of contact: whom the FDA asks for the records", "contact_name")
    contact_phone: str | None = _setting("The point of contact's phone", "contact_phone")
    contact_email: str | None = _setting("The point of contact's e-mail", "contact_email")
    records: str | None = _setting("How records are kept, in your words (cleared: Lotline's own words, naming "
                                   "the database and `lotline backup`)", "records")
    backups: str | None = _setting("Where backups are kept, and how often", "backups")
    farm_map: str | None = _setting("Farms: where the map of the growing areas is (text or a link)", "farm_map")
    note: str | None = _setting("Anything else the plan should say", "note")


@router.get("/plan", response={200: PlanOut, **ERRORS}, summary="The traceability plan in effect")
def plan_endpoint(request: HttpRequest) -> dict[str, Any]:
    """The FSMA 204 traceability plan (21 CFR 1.1315) as Markdown, what it still lacks, its settings and every
    version (superseded ones with the day until which they must be kept). Reading it issues a new version
    first when the settings or the catalog (FTL items, products, sites) changed its text since the last."""
    return dataclasses.asdict(current_plan(actor=request.user))


@router.put("/plan", response={200: PlanOut, **ERRORS}, summary="Change the traceability plan's settings")
def set_plan_endpoint(request: HttpRequest, body: PlanSettingsIn) -> dict[str, Any]:
    """Owners only. A changed text is issued as a new version at once; unchanged settings record nothing."""
    return dataclasses.asdict(set_plan(**body.dict(exclude_none=True), actor=request.user))


DOWNLOAD = {"application/pdf": {"schema": {"type": "string", "format": "binary"}},
            "text/markdown": {"schema": {"type": "string"}}}


@router.get("/plan/versions/{number}.{fmt}", response={200: None, **ERRORS}, summary="A version of the plan as a file",
            openapi_extra={"responses": {200: {"description": "The version's Markdown (md) or PDF (pdf)",
                                               "content": DOWNLOAD}}})
def version_endpoint(request: HttpRequest, number: int, fmt: Literal["md", "pdf"]) -> HttpResponse:
    """Any version, in effect or superseded: `md` is its text as kept in the ledger, `pdf` that text on paper."""
    from lotline.plans.pdf import plan_pdf

    require(request.user, Right.EXPORT)
    version = find_version(number)
    name = f"traceability-plan-v{version.version}"
    if fmt == "pdf":
        return HttpResponse(plan_pdf(version), content_type="application/pdf",
                            headers={"Content-Disposition": f'attachment; filename="{name}.pdf"'})
    return HttpResponse(version.markdown, content_type="text/markdown; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}.md"'})
