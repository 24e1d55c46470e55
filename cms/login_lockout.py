"""Admin login lockout in three layers, on django-axes' database handler.

django-axes counts failed logins per lockout parameter set (AXES_LOCKOUT_PARAMETERS) and
compares the largest count with one limit. Guessing comes in three shapes, and each needs
its own limit:

- one username from one address (a guesser): AXES_FAILURE_LIMIT, 5 by default;
- one username from many addresses (a botnet on one account): LOGIN_FAILURE_LIMIT_PER_USERNAME;
- many usernames from one address (password spraying): LOGIN_FAILURE_LIMIT_PER_ADDRESS.

The two wide limits would let anyone lock a real user, or (behind a proxy that hides the
client address) the whole staff, out. So they never hold a username at an address it has
logged in from before (LOGIN_KNOWN_ADDRESS_DAYS, from axes' access log): an attacker
elsewhere cannot lock a clinic's staff out of their usual computers, and there only the
per-pair limit counts. Every lock ends AXES_COOLOFF_TIME after the failure that set it;
attempts while locked are not counted (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT off),
so a lock cannot be held for ever.
"""

from __future__ import annotations

from datetime import timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

PAIR = ("username", "ip_address")


def _key(parameter: str | list[str]) -> tuple[str, ...]:
    return (parameter,) if isinstance(parameter, str) else tuple(parameter)


def limits() -> dict[tuple[str, ...], int]:
    """The failure limit of each parameter set of AXES_LOCKOUT_PARAMETERS."""
    return {
        PAIR: settings.AXES_FAILURE_LIMIT,
        ("username",): settings.LOGIN_FAILURE_LIMIT_PER_USERNAME,
        ("ip_address",): settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS,
    }


def is_known_address(username: str | None, address: str | None) -> bool:
    """Whether `username` logged in successfully from `address` lately."""
    if not username or not address:
        return False
    since = timezone.now() - timedelta(days=settings.LOGIN_KNOWN_ADDRESS_DAYS)
    return AccessLog.objects.filter(
        username=username, ip_address=address, attempt_time__gte=since
    ).exists()


class LayeredLockoutHandler(AxesDatabaseHandler):
    def get_failures(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """The failures of the set nearest its own limit, on the scale of AXES_FAILURE_LIMIT:
        axes locks when this reaches AXES_FAILURE_LIMIT, that is when any set has reached
        its own limit (count * scale // limit >= scale exactly when count >= limit)."""
        scale = get_failure_limit(request, credentials)
        username = get_client_username(request, credentials)
        known = is_known_address(username, request.axes_ip_address)
        own_limits = limits()
        worst = 0
        for parameter, attempts in zip(
            settings.AXES_LOCKOUT_PARAMETERS,
            self.get_user_attempts(request, credentials),
            strict=True,
        ):
            key = _key(parameter)
            if known and key != PAIR:
                continue
            count = attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0
            worst = max(worst, count * scale // own_limits[key])
        return worst

    def reset_user_attempts(self, request: HttpRequest, credentials: dict | None = None) -> int:
        """A successful login clears its own username's failures, not every failure from its
        address: one valid account must not reset a sprayer's count."""
        username = get_client_username(request, credentials)
        count, _ = AccessAttempt.objects.filter(username=username).delete()
        return count


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """429 with Retry-After (AXES_LOCKOUT_CALLABLE): a client or person knows when to try
    again. The wait is the whole cool-off, the longest any lock lasts from now."""
    seconds = int(get_cool_off(request).total_seconds())
    minutes = max(1, round(seconds / 60))
    response = HttpResponse(
        "Too many failed logins. For your account's safety, logging in is paused here for "
        f"up to {minutes} minutes. Try again later.",
        status=429,
        content_type="text/plain; charset=utf-8",
    )
    response["Retry-After"] = str(seconds)
    return response
