"""What each role may do, in one table, and the one guard every page, endpoint and button asks."""

from __future__ import annotations

from enum import StrEnum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from lotline.errors import Forbidden

from .models import Membership, Role


class Right(StrEnum):
    READ = "read"  # look up, trace, recall, see lots and the catalog
    RECORD = "record"  # receive, batch, ship, hold/release, import
    EXPORT = "export"  # download traces and the whole ledger's files
    MANAGE = "manage"  # catalog, people, settings


RIGHTS: dict[str, frozenset[Right]] = {
    Role.OWNER: frozenset(Right),
    Role.STAFF: frozenset({Right.READ, Right.RECORD, Right.EXPORT}),
    Role.AUDITOR: frozenset({Right.READ, Right.EXPORT}),
}

User = AbstractBaseUser | AnonymousUser


def role_of(user: User) -> str | None:
    """The person's role; a superuser (createsuperuser) is an owner; no membership, no role."""
    if not user.is_authenticated or not user.is_active:
        return None
    if getattr(user, "is_superuser", False):
        return Role.OWNER
    membership = _membership(user)
    return membership.role if membership else None


def _membership(user: User) -> Membership | None:
    cached = getattr(user, "_lotline_membership", False)
    if cached is False:
        cached = Membership.objects.filter(user_id=user.pk).first()
        user._lotline_membership = cached  # type: ignore[union-attr]  # one query per request
    return cached


def rights_of(user: User) -> frozenset[Right]:
    role = role_of(user)
    return RIGHTS[role] if role else frozenset()


def sites_of(user: User) -> set[str] | None:
    """The site codes a person may record at; None: every site."""
    membership = _membership(user) if role_of(user) == Role.STAFF else None
    if membership is None:
        return None
    codes = {code for code in membership.sites.split(";") if code}
    return codes or None


def can(user: User, right: Right, *, site: str | None = None) -> bool:
    if right not in rights_of(user):
        return False
    if site is None or right is not Right.RECORD:
        return True
    allowed = sites_of(user)
    return allowed is None or site in allowed


def require(user: User, right: Right, *, site: str | None = None) -> None:
    """Raise Forbidden (HTTP 403) unless the person has `right` (at `site`, for recording)."""
    if can(user, right, site=site):
        return
    who = {Role.OWNER: "an owner", Role.STAFF: "staff", Role.AUDITOR: "an auditor"}.get(
        role_of(user) or "", "a person without a role")
    where = f" at site {site}" if site and right in rights_of(user) else ""
    raise Forbidden("forbidden", f"{who} may not {right.value}{where}")
