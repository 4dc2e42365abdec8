"""Fixtures for the web layer's tests (the app, client and database fixtures are in tests/conftest.py)."""
import pytest

from facilitation.web.auth import new_api_token


@pytest.fixture
def api(client, db):
    """Call the API with a freshly issued bearer token."""
    headers = {"Authorization": f"Bearer {new_api_token(db)}"}

    def call(method, url, **kwargs):
        return client.open(url, method=method, headers=headers, **kwargs)

    return call
