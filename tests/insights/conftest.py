import pytest


@pytest.fixture(autouse=True)
def english(client):
    client.cookies["django_language"] = "en"
