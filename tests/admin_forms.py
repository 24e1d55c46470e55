"""Form data for posting articles to the real Wagtail admin views."""

from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield


def article_form(**overrides) -> dict:
    data = {
        "title": "Aftercare for laser resurfacing",
        "slug": "aftercare-for-laser-resurfacing",
        "intro": "What the first ten days look like.",
        "body": streamfield(
            [
                ("heading", {"text": "Days one to three", "level": "h2"}),
                ("paragraph", rich_text("<p>Expect warmth like a sunburn.</p>")),
                ("callout", {"kind": "warning", "title": "", "text": rich_text("<p>Call.</p>")}),
            ]
        ),
        "tags": "aftercare, laser",
        "comments_open": "on",
    }
    data.update(overrides)
    return nested_form_data(data)
