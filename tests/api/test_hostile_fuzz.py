"""Hostile input, fuzzed with hypothesis, where the OpenAPI fuzzer does not reach: no 5xx.

tests/contract.py runs schemathesis over /api/v1/, which its OpenAPI schema describes. The
rest of what the server answers has no schema, so it is fuzzed here, against realistic data
(a published article with a treatment, tags, a hero image and a comment; an article behind a
password, one for logged-in readers only, and a draft):

- Wagtail's API v2 at /api/v2/ (pages, pages/<id>, pages/find, images, images/<id>): its
  query parameters and unknown ones, with any text, huge or negative numbers, NUL, invalid
  UTF-8; and any path segment as the id;
- the website Wagtail serves (home, article index, articles): any query string, any path tail;
- the comment mail links (/api/v1/comments/verify/ and unsubscribe/) with any token, and
  comment reports (POST /api/v1/comments/<id>/report/) with any id, body and content type;
- Wagtail's page-password form (/_util/authenticate_with_password/<restriction>/<page>/).

Every answer must be below 500. Under /api/v1/ and /api/v2/ a 4xx must also be JSON, except
the mail links, which readers open in a browser and which answer an HTML page by design.
A failure names the request (method, path, query, body) so it can be replayed. What it
found (and what was fixed) is pinned at the end as plain regression tests.
"""

from __future__ import annotations

import json
import re
from urllib.parse import quote, quote_from_bytes, urlencode

import pytest
from django.core import signing
from django.core.cache import cache
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from hypothesis import given
from hypothesis import strategies as st
from wagtail.models import PageViewRestriction

from blog.comments.notifications import UNSUBSCRIBE_SALT, VERIFY_SALT
from tests.comment_utils import make_comment
from tests.contract import fuzz_settings
from tests.factories import ArticlePageFactory, ImageFactory, TreatmentFactory

PASSWORD = "right-one"
FORM = "application/x-www-form-urlencoded"
MAIL_LINKS = ("/api/v1/comments/verify/", "/api/v1/comments/unsubscribe/")


# Values that have broken parsers before: numbers past 32 and 64 bits, signs, non-ASCII
# digits, control and format characters, quotes, separators, very long text.
AWKWARD = st.sampled_from(
    [
        *("", " ", "\x00", "\n", "-1", "0", "+1", "1.5", "1e9", "NaN", "root", "null", "true"),
        *(str(2**31), str(2**63), str(10**30), "٣", "²", "*", ",", "-", "_", "..", "/", "?"),
        *("'", '"', "%", "\\", "\u202e", "\ufeff", "💉", "a" * 3000, "title,-title", "x(y)"),
    ]
)
TEXT = st.one_of(AWKWARD, st.text(max_size=30), st.integers(-(2**70), 2**70).map(str))


def segment(*known: object) -> st.SearchStrategy[str]:
    """A path segment, percent-encoded: half the time a known id, else any text or number,
    or bytes that are not UTF-8."""
    anything = st.one_of(
        TEXT.map(lambda text: quote(text, safe="")),
        st.binary(max_size=12).map(lambda raw: quote_from_bytes(raw, safe="")),
    )
    ids = st.sampled_from([str(k) for k in known] or ["1"])
    return st.booleans().flatmap(lambda pick_known: ids if pick_known else anything)


def query(names: list[str], values: st.SearchStrategy[str] = TEXT) -> st.SearchStrategy[str]:
    """A query string: known and unknown names with any values, or raw (maybe not UTF-8)."""
    name = st.one_of(st.sampled_from(names), st.text(max_size=10))
    pairs = st.lists(st.tuples(name, st.one_of(values, TEXT)), max_size=4)
    return st.one_of(
        pairs.map(urlencode),
        st.binary(max_size=40).map(lambda raw: quote_from_bytes(raw, safe="=&")),
    )


def send(client, method: str, path: str, query: str = "", body: bytes = b"", content_type=""):
    """Make the request; fail, naming it, on a 5xx, an exception, or a non-JSON API error.

    The body goes as raw bytes (client.generic), with the content type as a server passes
    it on, so no test-client encoding step can fail before the request reaches the site."""
    described = f"{method} {path}" + (f"?{query}" if query else "")
    if body or content_type:
        described += f" body={body!r} content_type={content_type!r}"
    try:
        response = client.generic(method, path, body, content_type, QUERY_STRING=query)
    except Exception as error:
        raise AssertionError(f"{described} raised {error!r}") from error
    status = response.status_code
    assert status < 500, f"{described} -> {status}: {response.content[:500]!r}"
    if path.startswith(("/api/v1/", "/api/v2/")) and 400 <= status < 500:
        content_type = response.get("Content-Type", "")
        if path in MAIL_LINKS:
            assert content_type.startswith("text/html"), f"{described} -> {content_type}"
        else:
            assert content_type.startswith("application/json"), f"{described} -> {content_type}"
            json.loads(response.content)
    return response


@pytest.fixture
def data(index, home, committed):
    def build():
        hero = ImageFactory(title="Hero")
        article = ArticlePageFactory(parent=index, slug="after-peels", hero_image=hero)
        article.treatments.add(TreatmentFactory(slug="chemical-peel"))
        article.tags.add("aftercare", "acne scars")
        article.save_revision().publish()
        guarded = ArticlePageFactory(parent=index, slug="behind-a-password")
        restriction = PageViewRestriction.objects.create(
            page=guarded, restriction_type=PageViewRestriction.PASSWORD, password=PASSWORD
        )
        members = ArticlePageFactory(parent=index, slug="members-only")
        PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
        draft = ArticlePageFactory(parent=index, slug="a-draft", live=False)
        pages = [home, index, article, guarded, members, draft]
        comment = make_comment(article)
        return {"pages": pages, "image": hero, "restriction": restriction, "comment": comment}

    return committed(build)


V2_PARAMETERS = [
    *("offset", "limit", "fields", "order", "search", "search_operator", "type", "child_of"),
    *("descendant_of", "ancestor_of", "html_path", "locale", "translation_of", "slug"),
    *("show_in_menus", "id", "title", "seo_title", "search_description", "alias_of"),
    "first_published_at",
    *("width", "height", "tags", "collection", "format"),
]
V2_VALUES = st.sampled_from(
    [
        *("blog.ArticlePage", "wagtailcore.Page", "blog.Treatment", "a.b.c", "blog.", "en"),
        *("en-gb", "random", "-id", "title,-id", "body", "*", "-title", "_,id", "parent(*)"),
        *("tags(x)", "/articles/after-peels/", "/", "//", "/articles/", "and", "or", "20"),
        *("2026-01-01T00:00:00Z", "2026-01-01T09:30:00.5+02:00", "1999-12-31T23:59-15:59"),
        # Found by this module: a +16:00 offset (PostgreSQL refuses it), year 1 at +01:00 and
        # 9999 at -01:00 (not a date in UTC), and a naive time.
        *("2026-01-01T00:00:00+16:00", "0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00"),
        "2026-01-01",
    ]
)


@fuzz_settings(300)
@given(endpoint=st.sampled_from(["pages", "images"]), detail=st.integers(0, 2), draw=st.data())
def test_wagtail_api_v2_never_fails(client, data, endpoint, detail, draw):
    ids = [page.pk for page in data["pages"]] if endpoint == "pages" else [data["image"].pk]
    tail = ["", "find/", draw.draw(segment(*ids)) + "/"][detail]
    values = st.one_of(V2_VALUES, st.sampled_from([str(pk) for pk in ids]))
    send(client, "GET", f"/api/v2/{endpoint}/{tail}", draw.draw(query(V2_PARAMETERS, values)))


@fuzz_settings(200)
@given(which=st.integers(0, 5), tail=st.integers(0, 2), draw=st.data())
def test_website_pages_never_fail(client, data, which, tail, draw):
    page = data["pages"][which]
    path = page.url
    if tail:
        suffix = draw.draw(segment("page", "2", "comments", "preview"))
        path += suffix + ("/" if tail == 2 else "")
    names = ["page", "q", "tag", "treatment", "search", "utm_source"]
    values = st.sampled_from(["1", "2", "0", "-1", "99999", "last", str(2**64)])
    send(client, "GET", path, draw.draw(query(names, values)))


def signed(salt: str) -> st.SearchStrategy[str]:
    """Tokens signed with the site's key: for an address, odd ones, or not an address."""
    # NUL included: this site never signs one, but a NUL reached PostgreSQL (found here).
    odd = TEXT.map(lambda text: text + "@x")
    address = st.one_of(st.just("reader@example.com"), st.emails(), odd)
    other = st.one_of(st.none(), st.integers(), TEXT, st.lists(st.integers(), max_size=3))
    return st.one_of(address, other).map(lambda value: signing.dumps(value, salt=salt))


@fuzz_settings(150)
@given(which=st.integers(0, 1), draw=st.data())
def test_comment_mail_links_never_fail(client, data, which, draw):
    path, salt = [(MAIL_LINKS[0], VERIFY_SALT), (MAIL_LINKS[1], UNSUBSCRIBE_SALT)][which]
    token = st.one_of(TEXT, signed(salt), signed("another-salt"))
    tokens = st.lists(token, min_size=1, max_size=2)
    raw = st.one_of(
        tokens.map(lambda values: urlencode([("token", value) for value in values])),
        query(["token"]),
    )
    send(client, "GET", path, draw.draw(raw))


CONTENT_TYPES = [
    *("application/json", "application/json; charset=latin-1", "text/plain", FORM, "", "*/*"),
    *("multipart/form-data", "multipart/form-data; boundary=x", MULTIPART_CONTENT),
    *("application/json; charset=utf-99", "application/json; charset="),
]
BODIES = st.one_of(
    st.binary(max_size=60),
    st.sampled_from([b"{}", b'{"reason": "spam"}', b"[]", b"null", b"[" * 5000, b"\xff\xfe"]),
    st.dictionaries(st.text(max_size=8), TEXT, max_size=3).map(lambda d: json.dumps(d).encode()),
)


def header(text: str) -> str:
    """Text as gunicorn hands a header on: its UTF-8 bytes read as latin-1, and without the
    control characters that gunicorn refuses with a 400 before Django sees the request."""
    return re.sub(r"[\x00-\x08\x0a-\x1f\x7f]", "", text.encode().decode("latin-1"))


@fuzz_settings(150)
@given(draw=st.data())
def test_comment_reports_never_fail(client, data, draw):
    cache.clear()  # the report throttle would answer every later example 429
    comment_id = draw.draw(segment(data["comment"].pk))
    content_type = draw.draw(st.one_of(st.sampled_from(CONTENT_TYPES), st.text(max_size=20)))
    path = f"/api/v1/comments/{comment_id}/report/"
    query_string = draw.draw(query(["format", "reason"]))
    send(client, "POST", path, query_string, draw.draw(BODIES), header(content_type))


RETURN_URLS = st.sampled_from(
    [
        *("/articles/behind-a-password/", "//evil.example/", "javascript:alert(1)", "/a\nb"),
        *("\x00", "http://testserver/x", "https://evil.example/", " /x", "/\\evil.example"),
        "/%0d%0aX: y",
        "-1",  # found here: Wagtail's redirect() read it as a URL name (NoReverseMatch)
    ]
)


@fuzz_settings(200)
@given(encoding=st.integers(0, 2), draw=st.data())
def test_page_password_form_never_fails(client, data, encoding, draw):
    cache.clear()  # the password throttle would answer every later example 429
    restriction, pages = data["restriction"], data["pages"]
    page_ids = [page.pk for page in pages]
    known = st.tuples(st.just(restriction.pk), st.sampled_from(page_ids))
    restriction_id, page_id = draw.draw(
        st.one_of(known, st.tuples(segment(restriction.pk), segment(*page_ids)))
    )
    path = f"/_util/authenticate_with_password/{restriction_id}/{page_id}/"
    password = draw.draw(st.one_of(st.just(PASSWORD), TEXT))
    return_url = draw.draw(st.one_of(RETURN_URLS, TEXT, TEXT.map(lambda text: "/" + text)))
    name = st.one_of(st.sampled_from(["password", "csrfmiddlewaretoken"]), TEXT)
    name = name.filter(lambda text: text != "return_url")
    extra = st.lists(st.tuples(name, st.one_of(st.just(PASSWORD), RETURN_URLS, TEXT)), max_size=3)
    form = [("password", password), ("return_url", return_url), *draw.draw(extra)]
    if encoding == 0:  # what a browser sends
        body, content_type = urlencode(form).encode(), FORM
    elif encoding == 1:
        body, content_type = encode_multipart(BOUNDARY, dict(form)), MULTIPART_CONTENT
    else:
        body, content_type = draw.draw(BODIES), draw.draw(st.sampled_from(CONTENT_TYPES))
    send(client, "POST", path, body=body, content_type=content_type)
    send(client, "GET", path)


# What this module found, as plain regression tests (each answered 500 before its fix).


@pytest.mark.parametrize(
    "value",
    [
        "2026-01-01T00:00:00+16:00",  # PostgreSQL: DataError, offset out of range
        "0001-01-01T00:00:00+01:00",  # SQLite: OverflowError converting to UTC
        "2026-01-01",  # naive: RuntimeWarning, an error under the test settings
    ],
)
def test_found_a_v2_date_filter_the_database_cannot_compare(client, data, value):
    response = client.get("/api/v2/pages/", {"first_published_at": value})
    assert response.status_code == 400 and "first_published_at" in response.json()["message"]


def test_found_a_signed_mail_link_with_a_nul_address(client, db):
    token = signing.dumps("a\x00@x", salt=VERIFY_SALT)  # needs SECRET_KEY: defence in depth
    assert client.get(MAIL_LINKS[0], {"token": token}).status_code == 400


def test_found_a_page_password_return_url_that_is_no_path(client, data):
    restriction = data["restriction"]
    path = f"/_util/authenticate_with_password/{restriction.pk}/{restriction.page_id}/"
    response = client.post(path, {"password": PASSWORD, "return_url": "-1"})
    assert response.status_code == 302
    assert response["Location"] == restriction.page.url
