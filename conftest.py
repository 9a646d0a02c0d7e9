"""Shared test fixtures. The demo cast comes from lotline.testing, built through the domain verbs."""

import pytest

from lotline.testing import JamStory, add_jam_seller_catalog, tell_jam_story


@pytest.fixture
def jam_catalog(db) -> None:  # noqa: ANN001
    add_jam_seller_catalog()


@pytest.fixture
def story(db) -> JamStory:  # noqa: ANN001
    return tell_jam_story()
