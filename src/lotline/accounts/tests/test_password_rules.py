"""The password rules (Django's validators) hold wherever a password is set: add_person and the People
page, the API-less verbs' callers, `lotline createsuperuser` (asked for or given with --noinput, with
no way round them), Django's `changepassword`, and the demo's login."""

from __future__ import annotations

from io import StringIO
from unittest import mock

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from lotline.accounts.services import add_person, check_password
from lotline.demo.load import DEMO_PASSWORD, DEMO_USER
from lotline.errors import LotlineError

pytestmark = pytest.mark.django_db


def users(username: str) -> bool:
    return get_user_model().objects.filter(username=username).exists()


@pytest.mark.parametrize(("password", "reason"), [
    ("jam-tart", None),  # 8 characters: long enough
    ("short", "too short"),
    ("password123", "too common"),
    ("20260304123456", "entirely numeric"),
    ("kimberley-jones", "too similar to the username"),
])
def test_add_person_checks_each_password_rule(password: str, reason: str | None) -> None:
    if reason is None:
        assert add_person("kimberley-jones-2", password, role="staff", actor="alice")
        return
    with pytest.raises(LotlineError) as refused:
        add_person("kimberley-jones", password, role="staff", actor="alice")
    assert (refused.value.code, refused.value.field) == ("weak_password", "password")
    assert reason in refused.value.message
    assert not users("kimberley-jones")


def test_each_broken_rule_is_a_problem_of_its_own() -> None:
    with pytest.raises(LotlineError) as refused:
        check_password("1234", get_user_model()(username="kim"))
    assert [p.code for p in refused.value.problems] == ["weak_password"] * 3  # short, common, numeric


def test_the_people_page_says_which_rule_a_password_breaks(owner_client: Client) -> None:
    response = owner_client.post(reverse("people"), {"username": "tom", "password": "qwertyuiop", "role": "staff"})
    assert response.status_code == 400 and "too common" in response.content.decode()
    assert not users("tom")


def test_createsuperuser_with_noinput_refuses_a_weak_password(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "12345678")
    with pytest.raises(CommandError, match="too common"):
        call_command("createsuperuser", "--noinput", "--username", "root", "--email", "", stdout=StringIO())
    assert not users("root")


def test_createsuperuser_with_noinput_and_a_good_password_makes_an_owner(monkeypatch: pytest.MonkeyPatch) -> None:
    from lotline.accounts.rights import role_of

    monkeypatch.setenv("DJANGO_SUPERUSER_PASSWORD", "rhubarb-and-ginger")
    call_command("createsuperuser", "--noinput", "--username", "root", "--email", "", stdout=StringIO())
    root = get_user_model().objects.get(username="root")
    assert root.check_password("rhubarb-and-ginger") and role_of(root) == "owner"


class Terminal(StringIO):
    def isatty(self) -> bool:
        return True


def test_createsuperuser_asking_for_the_password_offers_no_way_round_the_rules() -> None:
    answers = iter(["root", ""])  # user name, e-mail

    def typed(prompt: str = "") -> str:
        # Django's own command asks whether to bypass the rules: saying yes must not help
        return "y" if prompt.startswith("Bypass password validation") else next(answers)

    with mock.patch("builtins.input", typed), \
            mock.patch("django.contrib.auth.management.commands.createsuperuser.getpass.getpass",
                       return_value="12345678"), \
            pytest.raises(CommandError, match="too common"):
        call_command("createsuperuser", interactive=True, stdin=Terminal(), stdout=StringIO(), stderr=StringIO())
    assert not users("root")


def test_changepassword_checks_the_rules(owner) -> None:
    with mock.patch("django.contrib.auth.management.commands.changepassword.getpass.getpass",
                    return_value="12345678"), pytest.raises(CommandError, match="Aborting"):
        call_command("changepassword", "olivia", stdout=StringIO())
    owner.refresh_from_db()
    assert owner.check_password("olivia-password")


def test_the_demo_login_passes_the_same_rules() -> None:
    check_password(DEMO_PASSWORD, get_user_model()(username=DEMO_USER))
