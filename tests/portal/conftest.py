import pytest


@pytest.fixture(autouse=True)
def english(client):
    """The portal's pages in English here; tests/config/test_i18n.py covers the Korean."""
    client.cookies["django_language"] = "en"
