"""Who may do what: owner everything, staff record and trace (at their sites), auditor read and export."""

from __future__ import annotations

import pytest

from lotline.accounts.rights import Right, can, require, rights_of, role_of, sites_of
from lotline.accounts.services import add_person, create_token, revoke_token, set_role, user_for_token
from lotline.errors import Forbidden, LotlineError

pytestmark = pytest.mark.django_db


def test_each_role_has_its_rights(owner, staff, auditor):
    assert rights_of(owner) == set(Right)
    assert rights_of(staff) == {Right.READ, Right.RECORD, Right.EXPORT}
    assert rights_of(auditor) == {Right.READ, Right.EXPORT}


def test_an_auditor_may_not_record_and_is_told_why(auditor):
    with pytest.raises(Forbidden) as caught:
        require(auditor, Right.RECORD)
    assert caught.value.status == 403
    assert caught.value.message == "an auditor may not record"


def test_staff_limited_to_sites_record_only_there(jam_catalog, django_user_model):
    from lotline.catalog.services import add_site

    add_site("K2", "Market kitchen", actor="alice")
    pat = django_user_model.objects.get(pk=add_person("pat", "pat-password", role="staff", sites=["K1"], actor="alice"))
    assert sites_of(pat) == {"K1"}
    assert can(pat, Right.RECORD, site="K1") and not can(pat, Right.RECORD, site="K2")
    assert can(pat, Right.READ, site="K2")  # tracing is not limited: a recall crosses sites
    with pytest.raises(Forbidden, match="staff may not record at site K2"):
        require(pat, Right.RECORD, site="K2")


def test_a_superuser_is_an_owner_and_a_person_without_a_role_has_no_rights(django_user_model):
    root = django_user_model.objects.create_superuser("root", password=None)
    nobody = django_user_model.objects.create_user("nobody", password=None)
    assert role_of(root) == "owner" and rights_of(nobody) == set()


def test_people_are_checked_when_added(owner):
    with pytest.raises(LotlineError):
        add_person("OLIVIA", "another-password", role="staff", actor="alice")
    with pytest.raises(LotlineError, match="at least 8"):
        add_person("kim", "short", role="staff", actor="alice")
    with pytest.raises(LotlineError) as caught:
        add_person("kim", "long-enough", role="cook", actor="alice")
    assert caught.value.field == "role"
    with pytest.raises(LotlineError):
        add_person("kim", "long-enough", role="staff", sites=["NOWHERE"], actor="alice")


def test_a_person_switched_off_loses_every_right_and_their_tokens(staff):
    token = create_token(staff, "label printer")
    assert user_for_token(token.token) == staff
    set_role("sam", role="staff", active=False, actor="alice")
    staff.refresh_from_db()
    assert rights_of(staff) == set() and user_for_token(token.token) is None


def test_a_token_is_stored_hashed_and_stops_working_when_revoked(staff, auditor):
    from lotline.accounts.models import ApiToken

    token = create_token(staff, "script")
    stored = ApiToken.objects.get(pk=token.id)
    assert token.token.startswith("llt_") and token.token not in (stored.digest, stored.prefix)
    assert user_for_token(token.token + "x") is None
    with pytest.raises(LotlineError):
        revoke_token(auditor, token.id)  # not theirs
    revoke_token(staff, token.id)
    assert user_for_token(token.token) is None


def test_the_last_owner_cannot_step_down_or_be_switched_off(owner, staff):
    for change in ({"role": "staff"}, {"role": "owner", "active": False}):
        with pytest.raises(LotlineError) as caught:
            set_role("olivia", **change, actor="alice")
        assert caught.value.code == "last_owner"
    assert role_of(type(owner).objects.get(pk=owner.pk)) == "owner"  # a fresh user: roles are cached per request
    set_role("sam", role="owner", actor="alice")  # with a second owner, the first may step down
    set_role("olivia", role="auditor", actor="alice")
    assert role_of(type(owner).objects.get(pk=owner.pk)) == "auditor"


def test_a_superuser_made_staff_is_staff(owner, django_user_model):
    boss = django_user_model.objects.create_superuser("boss", password="long-enough")
    set_role("boss", role="staff", actor="alice")
    boss.refresh_from_db()
    assert role_of(boss) == "staff" and not boss.is_superuser and not boss.is_staff


# --- who an actor's name is (the verbs are given names) ---------------------------------------


def test_a_name_that_is_no_persons_is_the_machines_operator_with_every_right(owner):
    from lotline.accounts.rights import OPERATOR, person

    operator = person("alice")  # the login name `lotline` runs under: whoever can write the database
    assert operator.role == OPERATOR and operator.rights == set(Right) and operator.sites is None
    require("alice", Right.MANAGE)


def test_a_name_that_is_a_persons_has_their_rights_whatever_its_case(staff, auditor):
    with pytest.raises(Forbidden, match="staff may not manage"):
        require("SAM", Right.MANAGE)
    with pytest.raises(Forbidden, match="an auditor may not record"):
        require("ada", Right.RECORD)
    require("sam", Right.RECORD)


def test_a_person_switched_off_has_no_rights_by_name(staff):
    set_role("sam", role="staff", active=False, actor="alice")
    with pytest.raises(Forbidden, match="a person switched off may not read"):
        require("sam", Right.READ)


def test_a_name_that_is_empty_or_longer_than_a_user_name_is_refused(db):
    with pytest.raises(LotlineError) as caught:
        require("", Right.READ)
    assert (caught.value.code, caught.value.field) == ("missing", "actor")
    with pytest.raises(LotlineError) as caught:
        require("x" * 151, Right.READ)
    assert (caught.value.code, caught.value.field) == ("too_long", "actor")


def test_staff_may_not_add_people_or_change_roles(owner, staff):
    with pytest.raises(Forbidden, match="staff may not manage"):
        add_person("kim", "long-enough", role="owner", actor="sam")
    with pytest.raises(Forbidden, match="staff may not manage"):
        set_role("sam", role="owner", actor="sam")
    assert role_of("sam") == "staff"
    add_person("kim", "long-enough", role="staff", actor="olivia")


def test_an_over_long_user_name_token_name_or_list_of_sites_is_refused_by_name(owner):
    with pytest.raises(LotlineError) as caught:
        add_person("k" * 151, "long-enough", role="staff", actor="olivia")
    assert (caught.value.code, caught.value.field) == ("too_long", "username")
    with pytest.raises(LotlineError) as caught:
        create_token(owner, "t" * 81)
    assert (caught.value.code, caught.value.field) == ("too_long", "name")


def test_staff_may_revoke_only_their_own_tokens_and_an_owner_anyones(owner, staff, auditor):
    theirs = create_token(auditor, "script")
    with pytest.raises(LotlineError):
        revoke_token(staff, theirs.id)
    revoke_token(owner, theirs.id)
    assert user_for_token(theirs.token) is None
