"""Body blocks come out typed, with every reference resolved and no Wagtail-internal markup."""

from tests.api_utils import fresh_get, rich_article
from tests.factories import ArticlePageFactory, body, paragraph


def blocks_of(client, article) -> dict[str, dict]:
    data = fresh_get(client, f"/api/v1/articles/{article.slug}/").json()
    first: dict[str, dict] = {}
    for block in data["body"]:
        first.setdefault(block["type"], block)
    return first


def test_every_block_is_typed_and_resolved(client, index):
    article, target, document = rich_article(index)
    blocks = blocks_of(client, article)

    assert blocks["heading"]["value"] == {"text": "Before", "level": "h2", "anchor": "before"}
    assert blocks["heading"]["id"]
    html = blocks["paragraph"]["value"]["html"]
    assert f'<a href="/articles/{target.slug}/" rel="noopener">see also</a>' in html
    assert f'href="http://testserver{document.url}"' in html
    assert "linktype" not in html and "data-block-key" not in html
    image = blocks["image"]["value"]
    assert image["caption"] == "Cap" and image["image"]["alt"] == "Photo 0"
    assert image["image"]["srcset"].count(" ") >= 5 and image["image"]["width"] > 0
    assert image["image"]["srcset_type"] == "image/webp"
    assert blocks["quote"]["value"] == {"text": "It helped.", "attribution": "A patient"}
    assert blocks["callout"]["value"]["kind"] == "warning"
    assert blocks["callout"]["value"]["html"] == "<p>If it spreads.</p>"
    assert blocks["faq"]["value"]["items"] == [{"question": "Hurt?", "answer_html": "<p>No.</p>"}]
    assert blocks["embed"]["value"] == {
        "provider": "youtube",
        "video_id": "aqz-KE-bpKQ",
        "embed_url": "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ",
        "url": "https://youtu.be/aqz-KE-bpKQ",
        "title": "Film",
        "caption": "",
    }


def test_link_to_an_unpublished_page_becomes_plain_text(client, index):
    hidden = ArticlePageFactory(parent=index, live=False)
    article = ArticlePageFactory(
        parent=index, body=body(paragraph(f'<p><a linktype="page" id="{hidden.pk}">x</a></p>'))
    )
    html = blocks_of(client, article)["paragraph"]["value"]["html"]
    assert "href" not in html and ">x</a>" in html


def test_malformed_internal_links_become_plain_text(client, index):
    article = ArticlePageFactory(
        parent=index,
        body=body(
            paragraph(
                '<p><a linktype="page" id="²">odd</a> <a href="https://ok.example">web</a></p>'
            )
        ),
    )
    html = blocks_of(client, article)["paragraph"]["value"]["html"]
    assert '<a rel="noopener">odd</a>' in html and 'href="https://ok.example"' in html


def test_hostile_html_never_reaches_readers(client, index):
    hostile = (
        '<p onclick="steal()">Hi<script>alert(1)</script>'
        '<a href="javascript:alert(1)">x</a><img src=x onerror=alert(1)>'
        '<iframe src="https://evil.example"></iframe></p>'
    )
    article = ArticlePageFactory(parent=index, body=body(paragraph(hostile)))
    html = blocks_of(client, article)["paragraph"]["value"]["html"]
    for bad in ("script", "onclick", "javascript:", "onerror", "<img", "iframe"):
        assert bad not in html
    assert html.startswith("<p>Hi")


def test_cors_allows_only_configured_origins(client, index, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://www.example-clinic.com"]
    allowed = client.get("/api/v1/tags/", HTTP_ORIGIN="https://www.example-clinic.com")
    assert allowed["Access-Control-Allow-Origin"] == "https://www.example-clinic.com"
    assert "ETag" in allowed["Access-Control-Expose-Headers"]
    other = client.get("/api/v1/tags/", HTTP_ORIGIN="https://elsewhere.example")
    assert "Access-Control-Allow-Origin" not in other
