"""A batch's labels through the API: the PDF `lotline labels` and the batch page print (the same verb)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import Field, Router, Schema

from lotline.labels.services import print_labels

from ..schemas import ErrorOut

router = Router(tags=["labels"])
ERRORS: dict[int, Any] = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}


class LabelsIn(Schema):
    count: int | None = Field(None, description="How many labels (default: one per unit made)")
    stock: str | None = Field(None, description="Label stock: avery-5160 (default), avery-l7160, roll-2x1")
    symbols: str | None = Field(None, description="Barcodes, comma-separated: qr, datamatrix, gs1-128 (default: "
                                                  "the item's)")
    confirm: list[str] = Field([], description="Warning codes to print anyway, as a 409 needs_confirmation "
                                               "listed them; kept in the event")


@router.post("/lots/{text:code}/labels", response={200: None, **ERRORS}, summary="Print a batch's labels (PDF)",
             openapi_extra={"responses": {200: {"description": "The labels as PDF; the serials printed in the "
                                                               "X-Lotline-Serials header (first-last)",
                                                "content": {"application/pdf": {"schema": {"type": "string",
                                                                                           "format": "binary"}}}}}})
def labels_endpoint(request: HttpRequest, code: str, body: LabelsIn) -> HttpResponse:
    """Records the print (labels.printed; the right to record at the batch's site): a serialised product's
    labels carry the next serials of the batch."""
    printed = print_labels(code, actor=request.user, count=body.count, stock=body.stock, symbols=body.symbols,
                           confirmed=frozenset(body.confirm))
    headers = {"Content-Disposition": f'attachment; filename="labels-{printed.batch}.pdf"'}
    if printed.first_serial:
        headers["X-Lotline-Serials"] = f"{printed.first_serial}-{printed.last_serial}"
    return HttpResponse(printed.pdf, content_type="application/pdf", headers=headers)
