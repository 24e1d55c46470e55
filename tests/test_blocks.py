"""Every body block explains itself, has a preview value, and renders in the admin preview."""

import pytest
from django.urls import reverse

from blog.models import ArticlePage

BODY_BLOCKS = ArticlePage._meta.get_field("body").stream_block.child_blocks

# What each block's preview must show: proof that it rendered its own template and value.
EXPECTED_IN_PREVIEW = {
    "heading": '<h2 id="what-to-expect-in-the-first-week">What to expect in the first week</h2>',
    "paragraph": "<b>warm, tight</b>",
    "image": 'alt="A calm treatment room with soft daylight"',
    "quote": "<figcaption>A patient, after her second session</figcaption>",
    "callout": 'class="callout callout-aftercare"',
    "faq": "<summary>Does it hurt?</summary>",
    "embed": 'src="https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"',
    "before_after": 'alt="The same skin three months later"',
}


def test_every_block_is_covered():
    assert set(BODY_BLOCKS) == set(EXPECTED_IN_PREVIEW)


@pytest.mark.parametrize("name", sorted(EXPECTED_IN_PREVIEW))
def test_block_has_description_and_preview_value(name, image):
    block = BODY_BLOCKS[name]
    assert block.get_description()
    assert block.get_preview_value()
    assert block.is_previewable


@pytest.mark.parametrize("name", sorted(EXPECTED_IN_PREVIEW))
def test_block_preview_renders_in_the_admin(name, admin_client, image):
    url = reverse("wagtailadmin_block_preview")
    response = admin_client.get(url, {"id": BODY_BLOCKS[name].definition_prefix})
    assert response.status_code == 200
    html = response.content.decode()
    assert EXPECTED_IN_PREVIEW[name] in html
    assert "blog/site.css" in html  # previews use the site's own stylesheet
