"""The labs' pages: the labs with their mappings and the results export; a lab's page to import its
results file (a dry run first: what each row becomes, judged against the specs, then one tap records
it all) and, for owners, to save its mapping, guessed from a first file and confirmed.

Thin shells over lotline.labs.
"""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.urls import reverse

from lotline.accounts.rights import Right, can
from lotline.days import today
from lotline.errors import Forbidden, LotlineError
from lotline.imports.report import ImportRefused
from lotline.labs.export import Selection, write_results
from lotline.labs.layout import BY_NAME, DATE_FORMATS, DELIMITERS, FIELDS, Layout, guess
from lotline.labs.models import LENGTHS
from lotline.labs.queries import LabView, find_lab, labs, sent_results
from lotline.labs.services import import_results, set_mapping

from .access import needs
from .once import new_token, submit_once
from .problems import show
from .recording import DateInput, actor, attempt, status_of

MAX_FILE = 2 * 2**20  # a lab's results file: a few KB; its text travels back in the confirming form
CODE = {"autocapitalize": "characters", "autocomplete": "off", "spellcheck": "false"}


class MappingForm(forms.Form):
    name = forms.CharField(label="Lab's name", max_length=LENGTHS["name"])
    code = forms.CharField(label="Code", required=False, max_length=LENGTHS["code"], widget=forms.TextInput(attrs=CODE),
                           help_text="Short, letters and digits; blank: made from the name")
    date_format = forms.ChoiceField(label="Dates written", choices=[(f, f) for f in DATE_FORMATS])
    decimal_comma = forms.BooleanField(label="Decimal comma (4,6 for 4.6)", required=False)
    delimiter = forms.ChoiceField(label="Values separated by", choices=[(d, w) for d, w in DELIMITERS.items()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for f in FIELDS:
            self.fields[f"column_{f.name}"] = forms.CharField(
                label=f.label, required=False, max_length=LENGTHS["column"], help_text=f.hint,
                widget=forms.TextInput(attrs={"autocomplete": "off", "list": "lab-columns"}))

    @staticmethod
    def initial_of(name: str, code: str, layout: Layout) -> dict[str, Any]:
        return {"name": name, "code": code, "date_format": layout.date_format, "decimal_comma": layout.decimal_comma,
                "delimiter": layout.delimiter, **{f"column_{k}": v for k, v in layout.columns.items()}}

    def layout(self) -> Layout:
        d = self.cleaned_data
        return Layout({f.name: d[f"column_{f.name}"] for f in FIELDS if d.get(f"column_{f.name}")},
                      d["date_format"], d["decimal_comma"], d["delimiter"])

    def column_fields(self) -> list[forms.BoundField]:
        return [self[f"column_{f.name}"] for f in FIELDS]


class GuessForm(forms.Form):
    first_file = forms.FileField(label="A file from the lab", help_text="CSV; its header and first rows are read")


class UploadForm(forms.Form):
    file = forms.FileField(label="The lab's results file", help_text="CSV, as the lab sent it; checked first, "
                                                                     "recorded only when you confirm")


class ExportForm(forms.Form):
    first = forms.DateField(label="Tested from", required=False, widget=DateInput())
    last = forms.DateField(label="Tested to", required=False, widget=DateInput())
    lab = forms.CharField(label="Lab", required=False, max_length=LENGTHS["name"], help_text="blank: every lab")


def _columns(lab: LabView) -> str:
    """The lab's mapping in words: "Sample id: Sample ID; Analyte: Test; ..."."""
    return "; ".join(f"{f.label}: {lab.layout.columns[f.name]}" for f in FIELDS if f.name in lab.layout.columns)


def _upload(form: forms.Form, name: str) -> bytes | None:
    upload = form.cleaned_data[name]
    if upload.size > MAX_FILE:
        form.add_error(name, f"The file is larger than {MAX_FILE // 2**20} MB: import it with `lotline results "
                             "import`.")
        return None
    data: bytes = upload.read()
    return data


@needs(Right.READ)
def labs_page(request: HttpRequest) -> HttpResponseBase:
    export_form = ExportForm(request.GET if "download" in request.GET else None)
    status = 200
    if export_form.is_bound and export_form.is_valid():
        d = export_form.cleaned_data
        out = io.StringIO()
        try:
            write_results(Selection(d["first"], d["last"], d["lab"]), out, actor=actor(request))
        except Forbidden:
            raise
        except LotlineError as error:
            show(export_form, error, fields={"from": "first", "to": "last"})
            status = status_of(export_form)
        else:
            return HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8", headers={
                "Content-Disposition": f'attachment; filename="lab-results-{today():%Y%m%d}.csv"'})
    elif export_form.is_bound:
        status = 400
    return render(request, "web/labs/index.html", {
        "labs": [(lab, _columns(lab)) for lab in labs()],
        "export_form": export_form,
        "may_manage": can(request.user, Right.MANAGE), "may_export": can(request.user, Right.EXPORT),
    }, status=status)


@needs(Right.MANAGE)
def new_lab(request: HttpRequest) -> HttpResponseBase:
    return _mapping_page(request, None)


@needs(Right.READ)
def lab_page(request: HttpRequest, code: str) -> HttpResponseBase:
    lab = find_lab(code)
    context: dict[str, Any] = {"lab": lab, "upload_form": UploadForm(), "columns": _columns(lab), "once": new_token(),
                               "may_record": can(request.user, Right.RECORD)}
    status = 200
    if request.method == "POST" and "check" in request.POST:
        context["upload_form"] = form = UploadForm(request.POST, request.FILES)
        status = 400
        if form.is_valid() and (data := _upload(form, "file")) is not None:
            status = _check(request, lab, data, form.cleaned_data["file"].name, context)
    elif request.method == "POST" and "record" in request.POST:
        data = request.POST.get("content", "").encode()
        file = request.POST.get("file_name", "results.csv")[:200]
        try:
            return submit_once(request, lambda: _record(request, lab, data, file))
        except ImportRefused as refused:
            context |= {"problems": refused.problems, "total": refused.total, "file": file}
            status = 400
    context["recorded"] = request.GET.get("recorded")
    context["recorded_file"] = request.GET.get("file", "")
    context["results"] = sent_results(lab.name, limit=30)
    return render(request, "web/labs/lab.html", context, status=status)


def _check(request: HttpRequest, lab: LabView, data: bytes, file: str, context: dict[str, Any]) -> int:
    """The dry run: what the file becomes, or every problem in it."""
    try:
        checked = import_results(data, lab=lab.code, actor=actor(request), dry_run=True, file=file)
    except ImportRefused as refused:
        context |= {"problems": refused.problems, "total": refused.total, "file": file}
        return 400
    context |= {"checked": checked, "content": data.decode("utf-8-sig"), "file": file}
    return 200


def _record(request: HttpRequest, lab: LabView, data: bytes, file: str) -> str:
    done = import_results(data, lab=lab.code, actor=actor(request), file=file)
    return reverse("lab", args=[lab.code]) + "?" + urlencode({"recorded": len(done.results), "file": file})


@needs(Right.MANAGE)
def lab_mapping(request: HttpRequest, code: str) -> HttpResponseBase:
    return _mapping_page(request, find_lab(code))


def _mapping_page(request: HttpRequest, lab: LabView | None) -> HttpResponseBase:
    """The mapping form, pre-filled from the lab's saved mapping or from a guess of a first file."""
    initial = MappingForm.initial_of(lab.name, lab.code, lab.layout) if lab else {"date_format": "YYYY-MM-DD",
                                                                                   "delimiter": ","}
    form, guess_form, header = MappingForm(initial=initial), GuessForm(), []
    form.fields["code"].disabled = lab is not None  # a lab's code stays: its results and events name it
    status = 200
    if request.method == "POST" and "guess" in request.POST:
        guess_form = GuessForm(request.POST, request.FILES)
        status = 400
        if guess_form.is_valid() and (data := _upload(guess_form, "first_file")) is not None:
            text = data.decode("utf-8-sig", "replace")
            guessed = guess(text)
            header = [h.strip() for h in next(csv.reader(io.StringIO(text), delimiter=guessed.delimiter), [])]
            name = lab.name if lab else request.POST.get("name", "")
            form = MappingForm(initial=MappingForm.initial_of(name, lab.code if lab else "", guessed))
            form.fields["code"].disabled = lab is not None
            status = 200
    elif request.method == "POST":
        form = MappingForm(request.POST, initial=initial)
        form.fields["code"].disabled = lab is not None
        status = 400
        if form.is_valid():
            d = form.cleaned_data

            def save() -> str:
                saved = set_mapping(lab=lab.code if lab else d["name"], name=d["name"], code=d["code"],
                                    layout=form.layout(), adding=lab is None, actor=actor(request))
                return reverse("lab", args=[saved.code])

            # once: a second tap of "Save" goes where the first went (not "that lab exists already")
            answer = attempt(request, form, save, fields={f: f"column_{f}" for f in BY_NAME})
            if answer is not None:
                return answer
            status = status_of(form)
    return render(request, "web/labs/mapping.html", {
        "lab": lab, "form": form, "guess_form": guess_form, "header": header, "once": new_token(),
    }, status=status)

