"""`manage.py check --deploy`: no secret of deploy/production.env.example left as it came.

A key copied from the example (CHANGE-ME) is public: with it, anyone can forge sessions and
form tokens (SECRET_KEY), or reverse the stored hashes of readers' IPv4 addresses
(COMMENTS_IP_HASH_KEY: there are only four billion to try). A short key is guessable the
same way. Each is an error naming the variable to set.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

# What the example and common templates write where a secret belongs.
PLACEHOLDER = re.compile(r"change[-_ ]?me|replace[-_ ]?me|^x+$|^secret$", re.I)
# As Django's own check of SECRET_KEY (security.W009), for every key we sign or hash with.
MIN_KEY_LENGTH = 50
MIN_KEY_UNIQUE_CHARACTERS = 5


def _storage_option(name: str) -> str:
    return settings.STORAGES.get("default", {}).get("OPTIONS", {}).get(name) or ""


# Each secret of deploy/production.env.example: the variable, how to read what it set, and
# whether it is a key we choose (length matters) or a credential a service issued.
SECRETS: list[tuple[str, Callable[[], str], bool]] = [
    ("SECRET_KEY", lambda: settings.SECRET_KEY, True),
    ("COMMENTS_IP_HASH_KEY", lambda: settings.COMMENTS_IP_HASH_KEY, True),
    ("DATABASE_URL", lambda: settings.DATABASES["default"].get("PASSWORD") or "", False),
    ("EMAIL_URL", lambda: getattr(settings, "EMAIL_HOST_PASSWORD", "") or "", False),
    ("AWS_ACCESS_KEY_ID", lambda: _storage_option("access_key"), False),
    ("AWS_SECRET_ACCESS_KEY", lambda: _storage_option("secret_key"), False),
    ("AKISMET_API_KEY", lambda: settings.AKISMET_API_KEY, False),
]


@register(Tags.security, deploy=True)
def check_secrets(app_configs=None, **kwargs) -> list[CheckMessage]:
    errors: list[CheckMessage] = []
    for variable, read, is_key in SECRETS:
        value = str(read())
        if not value:
            continue  # not set: the feature is off, or (COMMENTS_IP_HASH_KEY) SECRET_KEY is used
        if PLACEHOLDER.search(value):
            errors.append(
                Error(
                    f"{variable} is still the placeholder of the deployment example.",
                    hint=f"Set {variable} to this deployment's own secret value.",
                    id="cms.E001",
                )
            )
        elif is_key and (
            len(value) < MIN_KEY_LENGTH or len(set(value)) < MIN_KEY_UNIQUE_CHARACTERS
        ):
            errors.append(
                Error(
                    f"{variable} is too short to be secret: it needs {MIN_KEY_LENGTH} or more "
                    "random characters.",
                    hint="python -c 'import secrets; print(secrets.token_urlsafe(50))'",
                    id="cms.E002",
                )
            )
    return errors
