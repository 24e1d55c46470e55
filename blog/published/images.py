"""Images as front ends need them: a fallback URL, its size, alt text and a WebP srcset."""

from __future__ import annotations

from functools import cache

from django.http import HttpRequest
from PIL import features
from wagtail.images.models import AbstractImage, Filter

CARD_WIDTHS = (400, 800)
BODY_WIDTHS = (480, 960, 1600)
FALLBACK_WIDTH = 1200


@cache
def webp_supported() -> bool:
    return bool(features.check("webp"))


@cache
def _filter(spec: str) -> Filter:
    """One Filter per spec for the process: Wagtail parses a spec string, by introspecting
    each operation's signature, every time it is given one (a third of a treatment list's
    time), and a Filter keeps what it parsed."""
    return Filter(spec=spec)


def _absolute(request: HttpRequest | None, url: str) -> str:
    return request.build_absolute_uri(url) if request is not None else url


def image_bundle(
    image: AbstractImage | None,
    *,
    alt: str | None = None,
    widths: tuple[int, ...] = BODY_WIDTHS,
    request: HttpRequest | None = None,
) -> dict | None:
    """Renditions of `image`: fallback url/width/height, alt text and a srcset."""
    if image is None:
        return None
    fmt = "|format-webp" if webp_supported() else ""
    specs = [f"width-{w}{fmt}" for w in widths]
    fallback_spec = f"width-{FALLBACK_WIDTH}"
    renditions = image.get_renditions(*(_filter(spec) for spec in (fallback_spec, *specs)))
    fallback = renditions[fallback_spec]
    srcset = ", ".join(
        f"{_absolute(request, renditions[s].url)} {renditions[s].width}w" for s in specs
    )
    return {
        "url": _absolute(request, fallback.url),
        "width": fallback.width,
        "height": fallback.height,
        "alt": image.default_alt_text if alt is None else alt,
        "srcset": srcset,
        "srcset_type": "image/webp" if fmt else fallback.file.name.rsplit(".", 1)[-1],
    }
