"""Video links editors paste become tracking-free embeds; other links are refused."""

import pytest
from django.core.exceptions import ValidationError

from blog.blocks import VideoEmbedBlock
from blog.video import parse_video_url


@pytest.mark.parametrize(
    ("url", "provider", "video_id"),
    [
        ("https://www.youtube.com/watch?v=aqz-KE-bpKQ", "youtube", "aqz-KE-bpKQ"),
        ("https://youtu.be/aqz-KE-bpKQ?t=30", "youtube", "aqz-KE-bpKQ"),
        ("https://www.youtube.com/shorts/aqz-KE-bpKQ", "youtube", "aqz-KE-bpKQ"),
        ("https://vimeo.com/76979871", "vimeo", "76979871"),
        ("https://player.vimeo.com/video/76979871", "vimeo", "76979871"),
    ],
)
def test_recognised_video_links(url, provider, video_id):
    video = parse_video_url(url)
    assert (video.provider, video.video_id) == (provider, video_id)
    assert video.video_id in video.embed_url
    assert "youtube.com/" not in video.embed_url  # the no-cookie domain, never the tracking one


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/watch?v=aqz-KE-bpKQ",
        "javascript:alert(1)//youtube.com/watch?v=aqz-KE-bpKQ",
        "https://www.youtube.com/watch?v=<script>",
        "https://vimeo.com/not-a-number",
        "http://[::1",
        "",
    ],
)
def test_other_links_are_not_videos(url):
    assert parse_video_url(url) is None


def test_video_block_rejects_a_non_video_link():
    block = VideoEmbedBlock()
    value = block.to_python({"url": "https://example.com/clip", "title": "Clip", "caption": ""})
    with pytest.raises(ValidationError):
        block.clean(value)
