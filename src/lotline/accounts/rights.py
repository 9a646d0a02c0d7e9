"""What each role may do, in one table, and the one guard every verb asks (and the pages and buttons).

Who is acting. The verbs take `actor`, a user name, and ask `require(actor, right, site=...)`:
the web pages and the API pass the signed-in person's name, the `lotline` commands `--as NAME`
(default: the login name of whoever runs the command). A name is resolved once per call:

- a person's user name (in any case) is that person: their role, their sites; a person switched
  off, or one without a role, has no rights at all;
- a name that is no person's is **the machine's operator**, with every right. Whoever runs
  `lotline` on the machine can already write the database file, so refusing them would protect
  nothing; the name they gave is still kept on every event they record. To act as a person with
  that person's limits, give their user name with `--as`.

The pages still ask the same table (`can`) to show only the buttons a person may use.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.contrib.auth import get_user_model
from django.contrib.auth import models as auth
from django.contrib.auth.models import AnonymousUser

from lotline.errors import ErrorCode, Forbidden, LotlineError
from lotline.lengths import too_long

from .models import Membership, Role


class Right(StrEnum):
    READ = "read"  # look up, trace, recall, see lots and the catalog
    RECORD = "record"  # receive, batch, ship, hold/release, discard, correct, import lots
    EXPORT = "export"  # download traces and the whole ledger's files
    MANAGE = "manage"  # catalog (sites, suppliers, customers, items, equipment, recipes), people


OPERATOR = "operator"  # not a role a person can have: whoever runs `lotline` on the machine

RIGHTS: dict[str, frozenset[Right]] = {
    Role.OWNER: frozenset(Right),
    Role.STAFF: frozenset({Right.READ, Right.RECORD, Right.EXPORT}),
    Role.AUDITOR: frozenset({Right.READ, Right.EXPORT}),
    OPERATOR: frozenset(Right),
}

NAME_LIMIT = 150  # a user name's length (Django's), and the event log's actor column

User = auth.User | AnonymousUser  # request.user: a person signed in, or no one
DESCRIBED: dict[str, str] = {Role.OWNER: "an owner", Role.STAFF: "staff", Role.AUDITOR: "an auditor"}


@dataclass(frozen=True)
class Person:
    """Who is acting, as the rights see them."""

    name: str
    role: str | None  # a Role, OPERATOR, or None (no role, or switched off): no rights
    sites: frozenset[str] | None = None  # staff who record only at these sites; None: every site
    active: bool = True

    @property
    def rights(self) -> frozenset[Right]:
        return RIGHTS.get(self.role or "", frozenset()) if self.active else frozenset()

    def may(self, right: Right, *, site: str | None = None) -> bool:
        if right not in self.rights:
            return False
        return site is None or right is not Right.RECORD or self.sites is None or site in self.sites

    @property
    def described(self) -> str:
        if not self.active:
            return "a person switched off"
        return DESCRIBED.get(self.role or "", "a person without a role")


Who = Person | User | str


def person(who: Who) -> Person:
    """The person behind a user name, a signed-in user, or a Person already found."""
    if isinstance(who, Person):
        return who
    if isinstance(who, str):
        return _named(who)
    return _of_user(who)


def _named(name: str) -> Person:
    """The person with this user name (exactly, else whatever the case), or the machine's operator."""
    if not name.strip():
        raise LotlineError(ErrorCode.MISSING, "say who is recording (a user name)", field="actor")
    if len(name) > NAME_LIMIT:
        raise LotlineError(ErrorCode.TOO_LONG, f"a user name has {too_long(name, NAME_LIMIT)}", field="actor")
    users = get_user_model().objects.select_related("membership")
    user = users.filter(username=name).first() or users.filter(username__iexact=name).first()
    if user is None:
        return Person(name, OPERATOR)
    return _of_user(user)


def _of_user(user: User) -> Person:
    if isinstance(user, AnonymousUser):
        return Person("", None)
    name = user.get_username()
    if not user.is_active:
        return Person(name, None, active=False)
    if getattr(user, "is_superuser", False):
        return Person(name, Role.OWNER)
    membership = _membership(user)
    if membership is None:
        return Person(name, None)
    codes = frozenset(code for code in membership.sites.split(";") if code)
    limited = membership.role == Role.STAFF and codes
    return Person(name, membership.role, codes if limited else None)


_MEMBERSHIP = "_lotline_membership"  # a user's membership, or None, once looked up


def _membership(user: auth.User) -> Membership | None:
    cached = getattr(user, _MEMBERSHIP, False)
    if cached is False:
        try:
            cached = user.membership  # select_related, or one query
        except Membership.DoesNotExist:
            cached = None
        setattr(user, _MEMBERSHIP, cached)  # one query per request, even for none (Django keeps only one found)
    return cached if isinstance(cached, Membership) else None


def role_of(user: Who) -> str | None:
    """The person's role; a superuser (createsuperuser) is an owner; no membership, no role."""
    found = person(user)
    return found.role if found.active else None


def rights_of(user: Who) -> frozenset[Right]:
    return person(user).rights


def sites_of(user: Who) -> set[str] | None:
    """The site codes a person may record at; None: every site."""
    sites = person(user).sites
    return set(sites) if sites is not None else None


def can(user: Who, right: Right, *, site: str | None = None) -> bool:
    return person(user).may(right, site=site)


def require(who: Who, right: Right, *, site: str | None = None) -> Person:
    """The one guard: Forbidden (HTTP 403) unless the person has `right` (at `site`, for recording).

    Returns the person, so a verb that checks several sites resolves the name once."""
    found = person(who)
    if found.may(right, site=site):
        return found
    where = f" at site {site}" if site and right in found.rights else ""
    raise Forbidden(f"{found.described} may not {right.value}{where}")
