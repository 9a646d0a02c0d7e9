"""People (owners add them and set their roles) and personal API tokens (each person their own)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from lotline.accounts.models import TOKEN_NAME_LENGTH, ApiToken, Membership, Role, TokenScope
from lotline.accounts.rights import Right, role_of
from lotline.accounts.services import NewToken, add_person, create_token, revoke_token, set_role
from lotline.catalog.models import Site
from lotline.errors import LotlineError

from .access import needs, signed_in
from .fields import choice_field
from .once import new_token, submit_once
from .problems import show


def _site_choices() -> list[tuple[str, str]]:
    return [(c, f"{c} {n}") for c, n in Site.objects.order_by("code").values_list("code", "name")]


class PersonForm(forms.Form):
    username = forms.CharField(required=False, max_length=150, label="User name")
    password = forms.CharField(required=False, widget=forms.PasswordInput, help_text=(
        "At least 8 characters; not a common password, not only digits, not like the user name or e-mail."))
    email = forms.EmailField(required=False)
    role = forms.ChoiceField(choices=Role.choices)
    sites = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple,
                                      help_text="Staff record only at these sites (none ticked: every site).")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "sites").choices = _site_choices()


class RoleForm(forms.Form):
    role = forms.ChoiceField(choices=Role.choices)
    sites = forms.MultipleChoiceField(required=False, widget=forms.CheckboxSelectMultiple,
                                      help_text="Staff record only at these sites (none ticked: every site).")
    active = forms.BooleanField(required=False, label="May sign in", help_text="Untick to switch the account off.")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choice_field(self, "sites").choices = _site_choices()


def _people() -> list[dict[str, Any]]:
    roles = {m.user_id: m for m in Membership.objects.all()}
    rows = []
    for user in get_user_model().objects.order_by("username"):
        membership = roles.get(user.pk)
        role = Role.OWNER if user.is_superuser else (membership.role if membership else "")
        rows.append({"username": user.username, "role": role, "superuser": user.is_superuser,
                     "sites": membership.sites.replace(";", ", ") if membership else "", "active": user.is_active})
    return rows


@needs(Right.MANAGE)
def people(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST or None, initial={"role": Role.STAFF})
    context = {"people": _people()}
    if request.method != "POST":
        return render(request, "web/people.html", context | {"form": form, "once": new_token()})
    if form.is_valid():
        data = form.cleaned_data

        def write() -> str:
            add_person(data["username"], data["password"], role=data["role"], sites=data["sites"],
                       email=data["email"], actor=request.user.get_username())
            return reverse("people")

        try:
            return submit_once(request, write)
        except LotlineError as error:
            show(form, error)
    return render(request, "web/people.html", context | {"form": form, "once": new_token()}, status=400)


@needs(Right.MANAGE)
def person(request: HttpRequest, username: str) -> HttpResponse:
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        raise Http404(f"no person {username}")
    membership = Membership.objects.filter(user=user).first()
    initial = {"role": role_of(user) or (membership.role if membership else Role.STAFF),
               "sites": [s for s in (membership.sites if membership else "").split(";") if s],
               "active": user.is_active}
    form = RoleForm(request.POST or None, initial=initial)
    context = {"person": user, "superuser": user.is_superuser}
    if request.method != "POST":
        return render(request, "web/person.html", context | {"form": form, "once": new_token()})
    if form.is_valid():
        data = form.cleaned_data

        def write() -> str:
            set_role(username, role=data["role"], sites=data["sites"], active=data["active"],
                     actor=request.user.get_username())
            return reverse("people")

        try:
            return submit_once(request, write)
        except LotlineError as error:
            show(form, error)
    return render(request, "web/person.html", context | {"form": form, "once": new_token()}, status=400)


class TokenForm(forms.Form):
    name = forms.CharField(required=False, max_length=TOKEN_NAME_LENGTH,
                           help_text="What it is for, e.g. 'label printer'.")
    scope = forms.ChoiceField(required=False, choices=TokenScope.choices, initial=TokenScope.ALL,
                              label="It may be used for",
                              help_text="A partner's system that only sends EPCIS events, or a lab that only sends its "
                                        "results, needs no more than that.")


def _tokens_page(request: HttpRequest, form: TokenForm, *, new: NewToken | None = None,
                 status: int = 200) -> HttpResponse:
    # each revoke button is a form of its own, with its own once-token
    tokens = [(t, new_token()) for t in ApiToken.objects.filter(user=signed_in(request)).order_by("-created_at")]
    response = render(request, "web/tokens.html", {"form": form, "tokens": tokens, "new": new,
                                                    "once": new_token()}, status=status)
    if new is not None:
        response["Cache-Control"] = "no-store"  # the token is on this page only: keep it out of caches
    return response


@needs(Right.READ)
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method != "POST":
        return _tokens_page(request, form)
    created: list[NewToken] = []

    def write() -> str:
        created.append(create_token(signed_in(request), form.cleaned_data["name"],
                                    form.cleaned_data["scope"] or TokenScope.ALL))
        return reverse("tokens")

    if form.is_valid():
        try:
            response = submit_once(request, write)
        except LotlineError as error:
            show(form, error)
        else:
            # The token is shown once, on the answer to this POST, and stored only as a digest. A
            # second submission of the same form creates nothing and goes to the list.
            return _tokens_page(request, TokenForm(), new=created[0]) if created else response
    return _tokens_page(request, form, status=400)


@needs(Right.READ)
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    if request.method != "POST":
        return HttpResponse(status=405, headers={"Allow": "POST"})

    def write() -> str:
        revoke_token(signed_in(request), token_id)
        return reverse("tokens")

    try:
        return submit_once(request, write)
    except LotlineError as error:
        if error.status == 404:
            raise Http404(error.message) from None
        raise
