"""Who may do what: owner everything, staff record and trace (at their sites), auditor read and export."""

from __future__ import annotations

import pytest

from lotline.accounts.rights import Right, can, require, rights_of, role_of, sites_of
from lotline.accounts.services import add_person, create_token, revoke_token, set_role, user_for_token
from lotline.errors import Conflict, Forbidden, Invalid, NotFound

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
    with pytest.raises(Conflict):
        add_person("OLIVIA", "another-password", role="staff", actor="alice")
    with pytest.raises(Invalid, match="at least 8"):
        add_person("kim", "short", role="staff", actor="alice")
    with pytest.raises(Invalid) as caught:
        add_person("kim", "long-enough", role="cook", actor="alice")
    assert caught.value.field == "role"
    with pytest.raises(NotFound):
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
    with pytest.raises(NotFound):
        revoke_token(auditor, token.id)  # not theirs
    revoke_token(staff, token.id)
    assert user_for_token(token.token) is None


def test_the_last_owner_cannot_step_down_or_be_switched_off(owner, staff):
    for change in ({"role": "staff"}, {"role": "owner", "active": False}):
        with pytest.raises(Conflict) as caught:
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
