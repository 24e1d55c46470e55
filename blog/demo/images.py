"""Demo images drawn locally with Pillow, so seeding never downloads anything."""

from __future__ import annotations

import io
import random

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter
from wagtail.images import get_image_model
from wagtail.images.models import AbstractImage

Colour = tuple[int, int, int]


def draw_abstract(colour: Colour, *, size: tuple[int, int], seed: str) -> bytes:
    """A soft gradient with blurred circles in shades of `colour`, as JPEG bytes."""
    rng = random.Random(seed)  # noqa: S311 - decorative shapes, not security
    width, height = size
    light = tuple(min(255, c + 90) for c in colour)
    canvas = PILImage.new("RGB", size, light)
    draw = ImageDraw.Draw(canvas)
    for y in range(height):
        t = y / max(1, height - 1)
        row = tuple(round(light[i] * (1 - t) + colour[i] * t) for i in range(3))
        draw.line([(0, y), (width, y)], fill=row)
    for _ in range(7):
        radius = rng.randint(height // 8, height // 2)
        x, y = rng.randint(0, width), rng.randint(0, height)
        shade = tuple(max(0, min(255, c + rng.randint(-50, 60))) for c in colour)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=shade)
    canvas = canvas.filter(ImageFilter.GaussianBlur(radius=height // 12))
    buffer = io.BytesIO()
    canvas.save(buffer, format="JPEG", quality=82)
    return buffer.getvalue()


def ensure_image(
    *, title: str, alt_text: str, colour: Colour, size: tuple[int, int] = (1600, 900)
) -> AbstractImage:
    """Return the demo image with this title, drawing and saving it the first time."""
    image_model = get_image_model()
    existing = image_model.objects.filter(title=title).first()
    if existing:
        return existing
    data = draw_abstract(colour, size=size, seed=title)
    filename = f"{title.lower().replace(' ', '-')}.jpg"
    image = image_model(title=title, description=alt_text)
    image.file = ImageFile(io.BytesIO(data), name=filename)
    image.save()
    return image
