"""People and their API tokens: the writes of the accounts app."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth import models as auth
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from lotline.catalog.models import Site
from lotline.errors import ErrorCode, LotlineError, Problem
from lotline.lengths import too_long

from .models import SITES_LENGTH, TOKEN_NAME_LENGTH, ApiToken, Membership, Role, TokenScope
from .rights import NAME_LIMIT, Right, require

TOKEN_PREFIX = "llt_"  # lets a secret scanner recognise a leaked Lotline token


def _sites(codes: Iterable[str]) -> str:
    wanted = sorted({c.strip() for c in codes if c.strip()})
    known = set(Site.objects.filter(code__in=wanted).values_list("code", flat=True))
    missing = [c for c in wanted if c not in known]
    if missing:
        raise LotlineError(ErrorCode.UNKNOWN_SITE, f"unknown site {', '.join(missing)}", field="sites")
    joined = ";".join(wanted)
    if reason := too_long(joined, SITES_LENGTH):
        raise LotlineError(ErrorCode.TOO_LONG, f"too many sites: leave them all unticked for every site ({reason})",
                           field="sites")
    return joined


def _role(role: str) -> str:
    if role not in Role.values:
        raise LotlineError(ErrorCode.BAD_CHOICE, f"{role!r} is not one of {', '.join(Role.values)}", field="role")
    return role


def check_password(password: str, person: auth.User) -> None:
    """Refuse a password the password rules refuse (settings.AUTH_PASSWORD_VALIDATORS: long enough,
    not a common one, not all digits, not like the person's name), one problem per reason.

    Every way a password is set goes through these rules: the People page and `add_person`,
    `lotline createsuperuser` (accounts/models.CheckedUser), Django's `changepassword` and the admin's
    password forms (Django checks them there itself), and the demo's login.
    """
    try:
        validate_password(password, person)
    except ValidationError as exc:
        reasons = list(exc.messages)
        problems = [Problem(ErrorCode.WEAK_PASSWORD, reason, "password") for reason in reasons]
        raise LotlineError(ErrorCode.WEAK_PASSWORD, " ".join(reasons), field="password", problems=problems) from None


@transaction.atomic
def add_person(username: str, password: str, *, role: str, sites: Iterable[str] = (), email: str = "",
               actor: str) -> int:
    """A new person who signs in with `username`; the id of their account."""
    require(actor, Right.MANAGE)
    users = get_user_model()
    username = username.strip()
    if not username:
        raise LotlineError(ErrorCode.MISSING, "a username is required", field="username")
    if reason := too_long(username, NAME_LIMIT):
        raise LotlineError(ErrorCode.TOO_LONG, reason, field="username")
    if users.objects.filter(username__iexact=username).exists():
        raise LotlineError(ErrorCode.DUPLICATE_CODE, f"the username {username!r} is taken", field="username")
    check_password(password, users(username=username, email=email))
    user = users.objects.create_user(username=username, password=password, email=email)
    Membership.objects.create(user=user, role=_role(role), sites=_sites(sites))
    return user.pk


@transaction.atomic
def set_role(username: str, *, role: str, sites: Iterable[str] = (), active: bool = True, actor: str) -> None:
    """Change a person's role and sites, or switch their account off (it is never deleted).

    The business always keeps one active owner: the last one cannot step down or be switched off,
    else no one could manage people again. A superuser made staff or auditor stops being one (it
    would otherwise stay an owner whatever the page said).
    """
    require(actor, Right.MANAGE)
    users = get_user_model()
    user = users.objects.select_for_update().filter(username=username).first()
    if user is None:
        raise LotlineError(ErrorCode.UNKNOWN_PERSON, f"no person signs in as {username!r}", field="username")
    role = _role(role)
    stays_owner = active and role == Role.OWNER
    owners = _active_owners(users)
    if not stays_owner and owners.filter(pk=user.pk).exists() and not owners.exclude(pk=user.pk).exists():
        raise LotlineError(ErrorCode.LAST_OWNER, f"{username} is the only owner: make someone else an owner first",
                           field="role" if active else "active")
    Membership.objects.update_or_create(user=user, defaults={"role": role, "sites": _sites(sites)})
    changed = {"is_active": active}
    if role != Role.OWNER and user.is_superuser:
        changed |= {"is_superuser": False, "is_staff": False}
    fields = [name for name, value in changed.items() if getattr(user, name) != value]
    for name in fields:
        setattr(user, name, changed[name])
    if fields:
        user.save(update_fields=fields)


def _active_owners(users: type[auth.User]) -> QuerySet[auth.User]:
    return users.objects.filter(Q(is_superuser=True) | Q(membership__role=Role.OWNER), is_active=True)


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True)
class NewToken:
    id: int
    name: str
    token: str  # shown once: only its digest is stored


def create_token(user: auth.User, name: str, scope: str = TokenScope.ALL) -> NewToken:
    """A personal token for the person's own scripts. It needs no right of its own: each call made
    with it is checked against the person's rights at the time (none, once switched off), and a
    token of scope epcis-capture only sends EPCIS documents, one of scope results only lab results."""
    name = name.strip()
    if scope not in TokenScope.values:
        raise LotlineError(ErrorCode.BAD_CHOICE, f"a token's scope is one of {', '.join(TokenScope.values)}",
                           field="scope")
    if not name:
        raise LotlineError(ErrorCode.MISSING, "say what the token is for", field="name")
    if reason := too_long(name, TOKEN_NAME_LENGTH):
        raise LotlineError(ErrorCode.TOO_LONG, reason, field="name")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    row = ApiToken.objects.create(user=user, name=name, prefix=token[:10], digest=_digest(token), scope=scope)
    return NewToken(row.pk, row.name, token)


def revoke_token(user: auth.User, token_id: int) -> None:
    """Revoke one of the person's own tokens (an owner may revoke anyone's)."""
    tokens = ApiToken.objects.filter(pk=token_id, revoked_at__isnull=True)
    if not require(user, Right.READ).may(Right.MANAGE):
        tokens = tokens.filter(user=user)
    if not tokens.update(revoked_at=timezone.now()):
        raise LotlineError(ErrorCode.UNKNOWN_TOKEN, f"no active token {token_id}", field="token")


def user_for_token(token: str) -> auth.User | None:
    """The active person a token belongs to, or None (unknown, revoked, or the person switched off)."""
    row = token_in_use(token)
    return row.user if row is not None else None


def token_in_use(token: str) -> ApiToken | None:
    """The active token (with its person and scope), marked used now; None as for user_for_token."""
    if not token.startswith(TOKEN_PREFIX):
        return None
    row = ApiToken.objects.select_related("user").filter(digest=_digest(token), revoked_at__isnull=True).first()
    if row is None or not row.user.is_active:
        return None
    ApiToken.objects.filter(pk=row.pk).update(last_used_at=timezone.now())
    return row


LIMITED_TO = {TokenScope.EPCIS_CAPTURE: "send EPCIS documents (POST /epcis/capture)",
              TokenScope.RESULTS: "send lab results and read those sent (/api/labs/LAB/results)"}


def refuse_limited(row: ApiToken, allowed: TokenScope | None = None) -> None:
    """A token limited to one use (EPCIS capture, lab results) is refused (403 token_limited) anywhere
    but where that use is `allowed`."""
    if row.scope != TokenScope.ALL and row.scope != allowed:
        raise LotlineError(ErrorCode.TOKEN_LIMITED, f"the API token {row.prefix}… may only "
                           f"{LIMITED_TO.get(TokenScope(row.scope), row.scope)}; use a token of scope all",
                           field="Authorization")
