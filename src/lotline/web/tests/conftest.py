"""A signed-in superuser for the web and admin tests (no password: hashing one is slow)."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client


@pytest.fixture
def owner_client(client: Client, django_user_model: type[User]) -> Client:
    owner = django_user_model.objects.create_superuser("owner", email="", password=None)
    client.force_login(owner)
    return client
