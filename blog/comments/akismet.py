"""Optional Akismet check, used only when AKISMET_API_KEY is set.

A verdict of spam marks the comment as spam; if Akismet cannot be reached in time the comment
simply goes on through the other layers (it is held for moderation anyway by default).
"""

from __future__ import annotations

import logging
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable

from django.conf import settings

logger = logging.getLogger(__name__)
TIMEOUT_SECONDS = 3


def is_spam(
    *,
    name: str,
    email: str,
    website: str,
    body: str,
    ip: str,
    user_agent: str,
    permalink: Callable[[], str],
) -> bool | None:
    """True or False from Akismet; None when it is not configured or did not answer."""
    key = settings.AKISMET_API_KEY
    if not key:
        return None
    data = urllib.parse.urlencode(
        {
            "api_key": key,
            "blog": settings.FRONTEND_BASE_URL,
            "user_ip": ip,
            "user_agent": user_agent,
            "permalink": permalink(),
            "comment_type": "comment",
            "comment_author": name,
            "comment_author_email": email,
            "comment_author_url": website,
            "comment_content": body,
        }
    ).encode()
    url = f"{settings.AKISMET_URL.rstrip('/')}/1.1/comment-check"
    request = urllib.request.Request(url, data=data, method="POST")  # noqa: S310 - https URL from settings
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310
            answer = response.read(16).decode().strip()
    except (urllib.error.URLError, TimeoutError, OSError) as error:
        logger.warning("Akismet did not answer: %s", error)
        return None
    return {"true": True, "false": False}.get(answer)
