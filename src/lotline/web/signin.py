"""The sign-in forms (the pages' and the admin's): Django's, saying so when the limits on failed
sign-ins refuse (accounts/signin.py), rather than that the password is wrong."""

from __future__ import annotations

from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError

from lotline.accounts.signin import LOCKED


class _SaysWhenLocked(AuthenticationForm):
    def get_invalid_login_error(self) -> ValidationError:
        locked = getattr(self.request, LOCKED, None)
        if locked is not None:
            return ValidationError(locked.message, code="sign_in_locked")
        return super().get_invalid_login_error()


class SignInForm(_SaysWhenLocked, AuthenticationForm):
    pass


class AdminSignInForm(_SaysWhenLocked, AdminAuthenticationForm):
    pass
