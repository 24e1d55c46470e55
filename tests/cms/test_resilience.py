"""The read retry (cms.resilience) and the outage answer (cms.errors) tell a connection lost
mid-read from a bug: the read runs again; an error of the re-run is a 500, not a 503."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.http import JsonResponse
from django.test import Client
from django.urls import path

calls: list[str] = []


def flaky(request, then: str):
    """Loses its connection the first time, then does `then`."""
    calls.append(then)
    if len(calls) == 1:
        raise OperationalError("server closed the connection unexpectedly")
    if then == "bug":
        raise KeyError("a genuine bug")
    return JsonResponse({"ok": True})


urlpatterns = [path("api/flaky/<str:then>/", flaky)]
handler500 = "cms.errors.server_error"  # as in cms/urls.py


@pytest.fixture
def flaky_client(settings):
    settings.ROOT_URLCONF = __name__
    settings.DATABASE_OUTAGE_WAIT = 2
    calls.clear()
    return Client(raise_request_exception=False)


@pytest.mark.django_db(transaction=True)  # outside a transaction, as in production
def test_a_read_whose_connection_broke_runs_again(flaky_client):
    response = flaky_client.get("/api/flaky/answer/")
    assert response.status_code == 200 and response.json() == {"ok": True}
    assert calls == ["answer", "answer"]


@pytest.mark.django_db(transaction=True)
def test_a_bug_in_the_re_run_is_a_500_not_an_outage(flaky_client):
    response = flaky_client.get("/api/flaky/bug/")
    assert response.status_code == 500
    assert response.json() == {"detail": "Server error."}
    assert "Retry-After" not in response


@pytest.mark.django_db(transaction=True)
def test_a_write_is_never_run_twice(flaky_client):
    response = flaky_client.post("/api/flaky/answer/")
    assert response.status_code == 503 and response["Retry-After"]
    assert calls == ["answer"]
