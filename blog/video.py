"""Recognise YouTube and Vimeo links and turn them into privacy-friendly embed URLs.

We build embeds from the video id instead of calling the provider's oEmbed endpoint: it needs
no network access when a page renders, works offline in tests, and the YouTube embed uses the
no-cookie domain so readers are not tracked until they press play.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_VIMEO_ID = re.compile(r"^[0-9]{6,12}$")
_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "youtube-nocookie.com"}
_YOUTUBE_HOSTS |= {"www.youtube-nocookie.com"}
_VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}


@dataclass(frozen=True)
class Video:
    provider: str
    video_id: str

    @property
    def embed_url(self) -> str:
        if self.provider == "youtube":
            return f"https://www.youtube-nocookie.com/embed/{self.video_id}"
        return f"https://player.vimeo.com/video/{self.video_id}?dnt=1"


def parse_video_url(url: str) -> Video | None:
    """Return the video a YouTube or Vimeo URL points to, or None if it is not one."""
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"}:
        return None
    host = (parts.hostname or "").lower()
    segments = [segment for segment in parts.path.split("/") if segment]

    candidate = None
    provider = None
    if host == "youtu.be" and segments:
        provider, candidate = "youtube", segments[0]
    elif host in _YOUTUBE_HOSTS:
        provider = "youtube"
        if segments[:1] == ["watch"]:
            candidate = parse_qs(parts.query).get("v", [""])[0]
        elif len(segments) >= 2 and segments[0] in {"embed", "shorts", "live", "v"}:
            candidate = segments[1]
    elif host in _VIMEO_HOSTS and segments:
        provider, candidate = "vimeo", segments[-1]

    pattern = _YOUTUBE_ID if provider == "youtube" else _VIMEO_ID
    if provider and candidate and pattern.match(candidate):
        return Video(provider=provider, video_id=candidate)
    return None
