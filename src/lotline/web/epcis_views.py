"""The EPCIS page: download our records as an EPCIS 2.0 document, take a partner's document in (all
or nothing, with a dry run), and the events taken in, the ones kept verbatim first.

Thin shells over lotline.epcis.services; the REST binding for partners' systems is under /epcis/.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django import forms
from django.conf import settings
from django.http import HttpRequest, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from lotline.accounts.rights import Right, can
from lotline.days import today
from lotline.epcis import answers
from lotline.epcis.export import document_parts
from lotline.epcis.services import DocumentRefused, Scope, capture, check_scope
from lotline.errors import LotlineError

from .access import needs
from .recording import DateInput, actor, show

CODE = {"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}


class ExportForm(forms.Form):
    first = forms.DateField(label="From", required=False, widget=DateInput())
    last = forms.DateField(label="To", required=False, widget=DateInput())
    trace = forms.CharField(label="Lot to trace", required=False, max_length=120, widget=forms.TextInput(attrs=CODE),
                            help_text="Only what is connected to it, back and forward (and how the other inputs "
                                      "of its batches were made, so a partner can take it in)")
    site = forms.CharField(label="Site", required=False, max_length=40, widget=forms.TextInput(attrs=CODE),
                           help_text="Only this site's records; blank: every site")

    def scope(self) -> Scope:
        d = self.cleaned_data
        return Scope(first=d["first"], last=d["last"], trace=d["trace"].strip(), site=d["site"].strip())


class ImportForm(forms.Form):
    document = forms.FileField(label="EPCIS document", help_text=f"EPCIS 2.0 JSON or JSON-LD, at most "
                                                                     f"{settings.EPCIS_CAPTURE_MAX_BYTES // 2**20} MB")
    dry_run = forms.BooleanField(label="Dry run (check only, record nothing)", required=False)


def _stream(scope: Scope) -> Iterator[bytes]:
    """The document as it is written, a few events at a time (memory stays flat)."""
    for text in document_parts(scope):
        yield text.encode()


@needs(Right.READ)
def epcis_page(request: HttpRequest) -> HttpResponseBase:
    export_form = ExportForm(request.GET if "download" in request.GET else None)
    import_form = ImportForm()
    result: dict[str, Any] | None = None
    errors: list[dict[str, Any]] = []
    status = 200
    if export_form.is_bound and export_form.is_valid():
        scope = export_form.scope()
        try:
            check_scope(scope, actor=actor(request))
        except LotlineError as error:
            show(export_form, error, fields={"from": "first", "to": "last"})
            status = 400
        else:
            name = f"lotline-epcis-{today():%Y%m%d}.jsonld"
            return StreamingHttpResponse(_stream(scope), content_type="application/ld+json",
                                         headers={"Content-Disposition": f'attachment; filename="{name}"'})
    elif export_form.is_bound:
        status = 400
    if request.method == "POST":
        import_form = ImportForm(request.POST, request.FILES)
        status = 400
        if import_form.is_valid():
            upload = import_form.cleaned_data["document"]
            if upload.size > settings.EPCIS_CAPTURE_MAX_BYTES:
                import_form.add_error("document", f"The file is larger than "
                                                  f"{settings.EPCIS_CAPTURE_MAX_BYTES // 2**20} MB: split it, or take "
                                                  "it in with `lotline epcis import`.")
            else:
                try:
                    result = capture(upload.read(), actor=actor(request), dry_run=import_form.cleaned_data["dry_run"],
                                     source=upload.name).as_dict()
                    status, import_form = 200, ImportForm()  # the next document starts from a blank form
                except DocumentRefused as refused:
                    errors = refused.errors
                    status = 400
    return render(request, "web/epcis/index.html", {
        "export_form": export_form, "import_form": import_form, "result": result, "errors": errors,
        "may_export": can(request.user, Right.EXPORT), "may_record": can(request.user, Right.RECORD),
        "kept": answers.taken_in(outcome="kept"), "taken": answers.taken_in(limit=30),
    }, status=status)

