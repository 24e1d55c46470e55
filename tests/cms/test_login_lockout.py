"""Password guessing on the Wagtail admin login is refused in every shape: one username from
many addresses, many usernames from one address, and one username from one address
(tests/cms/test_security.py), each after a bounded number of failures, for a bounded time, with
Retry-After, and without locking staff out of addresses they log in from.
"""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth.models import AbstractUser
from django.http import HttpResponse
from django.test import Client
from django.utils import timezone

PASSWORD = "a-long-editor-password-for-tests"
PROXY = "10.0.0.2"  # a proxy that hides its clients: every request has its address


def login(client: Client, username: str, password: str, address: str) -> HttpResponse:
    return client.post(
        "/admin/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def refused(response: HttpResponse) -> bool:
    if response.status_code != 429:
        return False
    # The wait is stated, and is the cool-off (15 minutes by default).
    assert int(response["Retry-After"]) == 15 * 60
    assert "_auth_user_id" not in response.wsgi_request.session
    return True


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC), tick=False)
    return time_machine


@pytest.fixture
def staff(django_user_model: type[AbstractUser]) -> list[str]:
    names = ["admin", "nurse", "doctor"]
    for name in names:
        django_user_model.objects.create_user(name, f"{name}@example.com", PASSWORD, is_staff=True)
    return names


def logs_in(username: str, address: str) -> bool:
    response = login(Client(), username, PASSWORD, address)
    return response.status_code == 302 and "_auth_user_id" in response.wsgi_request.session


def test_one_username_from_many_addresses_is_refused_after_ten_failures(client, staff, clock):
    answers = [
        login(client, "admin", f"guess-{i}-{n}", f"203.0.113.{i}")
        for i in range(1, 7)
        for n in range(4)
    ]
    # The pair limit (5) is never reached: 4 guesses per address. The username limit is.
    assert [r.status_code for r in answers[:9]] == [200] * 9
    assert all(refused(r) for r in answers[9:])
    # The right password from a new address is refused too: nothing tells a guesser it was right.
    assert refused(login(client, "admin", PASSWORD, "203.0.113.50"))
    # Other accounts are not held.
    assert logs_in("nurse", "203.0.113.1")


def test_many_usernames_from_one_address_are_refused_after_twenty_failures(client, staff, clock):
    answers = [login(client, f"user{n}", "Winter2026!", "198.51.100.9") for n in range(30)]
    assert [r.status_code for r in answers[:19]] == [200] * 19
    assert all(refused(r) for r in answers[19:])
    # A real account without a login from this address is held as well.
    assert refused(login(client, "doctor", PASSWORD, "198.51.100.9"))


def test_behind_a_proxy_that_hides_addresses_staff_keep_logging_in_during_a_spray(
    client, staff, clock
):
    # Every request has the proxy's address (COMMENTS_TRUSTED_PROXIES not set).
    assert logs_in("admin", PROXY) and logs_in("nurse", PROXY)
    clock.shift(datetime.timedelta(hours=1))
    sprayed = [login(client, f"user{n}", "Winter2026!", PROXY) for n in range(30)]
    assert refused(sprayed[-1])
    # Staff who logged in here before are held only by their own failures.
    assert logs_in("admin", PROXY) and logs_in("nurse", PROXY)
    for _ in range(5):
        login(client, "nurse", "mistyped", PROXY)
    assert refused(login(client, "nurse", PASSWORD, PROXY))
    # Someone whose first login this is waits for the lock to end.
    assert refused(login(client, "doctor", PASSWORD, PROXY))


def test_an_attacker_elsewhere_cannot_lock_staff_out_of_their_usual_address(client, staff, clock):
    assert logs_in("admin", "192.0.2.10")
    clock.shift(datetime.timedelta(days=1))
    for i in range(1, 7):
        for n in range(4):
            login(client, "admin", f"guess-{n}", f"203.0.113.{i}")
    assert refused(login(client, "admin", PASSWORD, "203.0.113.60"))
    assert logs_in("admin", "192.0.2.10")


def test_a_lock_ends_after_the_cool_off_however_often_the_attacker_tries(client, staff, clock):
    for i in range(10):
        login(client, "admin", "guess", f"203.0.113.{i + 1}")
    assert refused(login(client, "admin", PASSWORD, "203.0.113.99"))
    # Trying on while locked does not make the lock longer.
    for minute in range(1, 15):
        clock.move_to(timezone.now() + datetime.timedelta(minutes=1))
        assert refused(login(client, "admin", "guess", f"203.0.113.{minute + 20}"))
    clock.move_to(timezone.now() + datetime.timedelta(minutes=1, seconds=1))
    assert logs_in("admin", "203.0.113.99")


def test_a_valid_login_does_not_reset_a_sprayers_count_for_the_address(client, staff, clock):
    for n in range(19):
        login(client, f"user{n}", "Winter2026!", "198.51.100.9")
    # An account the attacker holds (or a colleague) logs in from the same address...
    assert logs_in("doctor", "198.51.100.9")
    # ...and the next failure still reaches the address's limit.
    assert refused(login(client, "user19", "Winter2026!", "198.51.100.9"))
