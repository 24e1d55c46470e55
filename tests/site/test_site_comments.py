"""Comments on the article page readers see: threads, the form without JavaScript, reports.

The form posts to a site view (blog.site.comment_views) that calls the API's posting service;
these tests go through Django's test client as a browser without JavaScript would.
"""

import re

import pytest

from blog.models import ReaderComment
from tests.comment_utils import form_token, make_comment, payload, post
from tests.factories import ArticlePageFactory, AuthorFactory


@pytest.fixture
def article(index):
    return ArticlePageFactory(parent=index, title="Caring for skin after a peel")


def form_data(article, **overrides) -> dict:
    """The API's test payload as a browser sends the form: a ticked box is "on", an
    unticked one is absent (None here)."""
    data = payload(article, body="Does the redness last long?", homepage="", parent="")
    data.update({"consent": "on", "notify_on_reply": None, **overrides})
    return {key: value for key, value in data.items() if value is not None}


def post_form(client, article, **overrides):
    return client.post(f"/_site/articles/{article.pk}/comments/", form_data(article, **overrides))


def test_approved_comments_are_shown_threaded_with_the_clinic_badged(client, article):
    nurse = AuthorFactory(name="Sam Lee", role="Nurse practitioner", credentials="RN")
    question = make_comment(
        article, author_name="Ana", body="How long is the downtime?", email="ana@secret.test"
    )
    make_comment(
        article,
        parent=question,
        author_name="Sam Lee",
        body="Usually two days.",
        is_staff_reply=True,
        staff_author=nurse,
    )
    make_comment(article, status="pending", author_name="Held", body="Not yet read.")

    html = client.get(article.url).content.decode()

    assert "2 comments" in html
    thread = html[html.index(f'id="comment-{question.pk}"') :]
    assert "How long is the downtime?" in thread
    replies = thread[thread.index('<ol class="replies">') :]
    assert "Usually two days." in replies
    assert '<span class="badge">Nurse practitioner, RN</span>' in replies
    assert "Not yet read." not in html and "Held" not in html
    assert "ana@secret.test" not in html  # nothing personal leaves the server
    assert f'href="{article.url}?reply={question.pk}#comment-form"' in html
    assert f'action="/_site/comments/{question.pk}/report/"' in html


def test_the_notices_stand_beside_the_form(client, article):
    html = client.get(article.url).content.decode()
    assert "not medical advice" in html
    assert "Urgent symptoms?" in html and "call the clinic now" in html
    assert 'id="comment-form"' in html and 'src="/static/blog/comments.js"' in html


def test_a_comment_posted_without_javascript_is_held_and_the_reader_told(client, article):
    response = post_form(client, article, notify_on_reply="on")

    assert response.status_code == 303
    assert response["Location"] == f"{article.url}?posted=pending#comment-status"
    comment = ReaderComment.objects.get()
    assert comment.status == "pending" and comment.notify_on_reply and comment.consent
    page = client.get(response["Location"].split("#")[0]).content.decode()
    assert "will appear once a member of our team has read it" in page
    assert 'role="status"' in page
    assert "Does the redness last long?" not in page  # held until a moderator approves


def test_a_reply_without_javascript_hangs_under_its_comment(client, article):
    question = make_comment(article, author_name="Ben")
    page = client.get(f"{article.url}?reply={question.pk}").content.decode()
    assert "Replying to <strong data-replying-name>Ben</strong>" in page
    assert f'name="parent" value="{question.pk}"' in page

    assert post_form(client, article, parent=str(question.pk)).status_code == 303
    reply = ReaderComment.objects.exclude(pk=question.pk).get()
    assert reply.parent_id == question.pk and reply.depth == 1


def test_errors_appear_beside_their_fields_and_keep_what_was_written(client, article):
    response = post_form(client, article, name="", email="not-an-address", consent=None)

    assert response.status_code == 400
    html = response.content.decode()
    for field, message in [
        ("name", "Name is required."),
        ("email", "Enter a valid email address."),
        ("consent", "Please agree to the privacy notice."),
    ]:
        assert f'<p class="field-error" id="comment-{field}-error">{message}</p>' in html
        control = re.search(rf'<input[^>]*id="comment-{field}"[^>]*>', html).group(0)
        assert f'comment-{field}-error"' in control and 'aria-invalid="true"' in control
    name_input = re.search(r'<input[^>]*id="comment-name"[^>]*>', html).group(0)
    assert "autofocus" in name_input  # focus on the first field with an error
    assert html.count("autofocus") == 1
    assert "Please correct the 3 problems below." in html
    assert 'value="not-an-address"' in html
    assert ">Does the redness last long?</textarea>" in html  # the reader's text is kept
    assert ReaderComment.objects.count() == 0


def test_the_consent_box_links_the_clinics_privacy_notice(client, article, settings):
    """The consent error asks the reader to agree to the privacy notice: it is linked
    beside the box, on the blank form and on the form sent back with the error."""
    settings.CLINIC_PRIVACY_URL = "https://www.example-clinic.com/privacy/"
    link = (
        '<a href="https://www.example-clinic.com/privacy/" target="_blank" rel="noopener" '
        'class="privacy-link">privacy notice'
    )
    for html in (
        client.get(article.url).content.decode(),
        post_form(client, article, consent=None).content.decode(),
    ):
        label = re.search(r'<label for="comment-consent">.*?</label>', html, re.S).group(0)
        assert link in label
    assert "Please agree to the privacy notice." in html

    settings.CLINIC_PRIVACY_URL = ""  # nothing to link to: no link, and no broken one
    label = re.search(
        r'<label for="comment-consent">.*?</label>', client.get(article.url).content.decode(), re.S
    ).group(0)
    assert "<a " not in label and "keeps my name, email and comment" in label


def test_a_form_sent_too_quickly_is_kept_and_can_be_sent_again(client, article):
    response = post_form(client, article, form_token=form_token(article, age=0))
    assert response.status_code == 429
    html = response.content.decode()
    assert "That was quick" in html and ">Does the redness last long?</textarea>" in html
    assert ReaderComment.objects.count() == 0
    fresh = re.search(r'name="form_token" value="([^"]+)"', html).group(1)
    assert fresh != form_data(article)["form_token"]


def test_an_expired_or_forged_form_asks_to_send_again(client, article):
    response = post_form(client, article, form_token="forged")
    assert response.status_code == 403
    assert "The form has expired" in response.content.decode()
    other = ArticlePageFactory(parent=article.get_parent())
    response = post_form(client, article, form_token=form_token(other))
    assert response.status_code == 403
    assert ReaderComment.objects.count() == 0


def test_the_hidden_field_catches_scripts_without_telling_them(client, article):
    response = post_form(client, article, homepage="http://spam.example")
    assert response.status_code == 303
    assert response["Location"].endswith("?posted=pending#comment-status")
    assert ReaderComment.objects.count() == 0


def test_the_honeypot_is_hidden_from_screen_readers_and_the_keyboard(client, article):
    html = client.get(article.url).content.decode()
    honeypot = html[html.index('<div class="hp"') : html.index("</div>", html.index('"hp"'))]
    assert 'aria-hidden="true"' in honeypot and 'tabindex="-1"' in honeypot


def test_the_form_and_the_api_share_one_posting_budget(client, article):
    """Five comments a minute per reader (COMMENTS_RATE_PER_CLIENT), however they post."""
    for n in range(3):
        assert post(client, article, body=f"Through the API {n}.").status_code == 201
    for n in range(2):
        assert post_form(client, article, body=f"Through the form {n}.").status_code == 303
    response = post_form(client, article, body="One too many.")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert "Please try again in" in response.content.decode()
    assert ">One too many.</textarea>" in response.content.decode()
    assert ReaderComment.objects.count() == 5


def test_closed_comments_refuse_a_post(client, index):
    article = ArticlePageFactory(parent=index, comments_open=False)
    assert 'id="comment-form"' not in client.get(article.url).content.decode()
    assert post_form(client, article).status_code == 403
    assert ReaderComment.objects.count() == 0


def test_drafts_and_unknown_articles_take_no_comments(client, index):
    draft = ArticlePageFactory(parent=index, live=False)
    assert post_form(client, draft).status_code == 404
    response = client.post(f"/_site/articles/{10**30}/comments/", {})
    assert response.status_code == 404
    assert client.get(f"/_site/articles/{draft.pk}/comments/").status_code == 405


def test_a_report_without_javascript_is_counted_and_thanked(client, article):
    comment = make_comment(article)
    response = client.post(f"/_site/comments/{comment.pk}/report/")
    assert response.status_code == 303
    assert response["Location"] == f"{article.url}?reported={comment.pk}#comment-{comment.pk}"
    comment.refresh_from_db()
    assert comment.report_count == 1
    page = client.get(f"{article.url}?reported={comment.pk}").content.decode()
    assert "Our team will look at this comment." in page
    assert client.post(f"/_site/comments/{10**30}/report/").status_code == 404


def test_threads_are_paged_as_in_the_api(client, article, settings):
    settings.COMMENTS_PAGE_SIZE = 2
    for n in range(3):
        make_comment(article, body=f"Comment number {n}.")
    first = client.get(article.url).content.decode()
    assert "Comment number 0." in first and "Comment number 2." not in first
    cursor = re.search(r'\?comments=([^"#]+)#comments" rel="next"', first).group(1)
    second = client.get(f"{article.url}?comments={cursor}").content.decode()
    assert "Comment number 2." in second and "Comment number 0." not in second
    assert "First comments" in second
    # An edited cursor shows the first page, not an error.
    assert client.get(f"{article.url}?comments=garbage").status_code == 200


def test_the_form_posts_the_same_rules_as_the_api(client, article):
    """One set of rules: a name with markup is refused by the form as by the API."""
    response = post_form(client, article, name="<b>Ana</b>")
    assert response.status_code == 400
    assert "A name cannot contain" in response.content.decode()


@pytest.mark.parametrize("param", ["reply", "reported", "comments"])
@pytest.mark.parametrize("value", ["²", "١٢", "9" * 30, "-1", "", "%00"])
def test_odd_values_in_the_address_show_the_page(client, article, param, value):
    """ "²" and Arabic-Indic digits are digits to str.isdigit, not to int()."""
    assert client.get(article.url, {param: value}).status_code == 200


def test_a_reply_sent_back_with_errors_is_still_a_reply(client, article):
    question = make_comment(article, author_name="Ben")
    response = post_form(client, article, parent=str(question.pk), consent=None)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Replying to <strong data-replying-name>Ben</strong>" in html
    assert f'name="parent" value="{question.pk}"' in html


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_ORIGIN": "https://elsewhere.example"},
        {"HTTP_ORIGIN": "null"},
    ],
)
def test_another_sites_form_cannot_post_or_report_with_its_visitors(client, article, headers):
    """An auto-submitting form elsewhere would post spam, or report a comment away, with each
    visitor's address as a new reader."""
    comment = make_comment(article)
    response = client.post(f"/_site/articles/{article.pk}/comments/", form_data(article), **headers)
    assert response.status_code == 403
    assert client.post(f"/_site/comments/{comment.pk}/report/", **headers).status_code == 403
    comment.refresh_from_db()
    assert comment.report_count == 0 and ReaderComment.objects.count() == 1


def test_this_sites_own_pages_may_post(client, article):
    response = client.post(
        f"/_site/articles/{article.pk}/comments/",
        form_data(article),
        HTTP_ORIGIN="http://testserver",
        HTTP_SEC_FETCH_SITE="same-origin",
    )
    assert response.status_code == 303


def test_a_preview_files_no_reports(client, article, admin_client):
    from django.urls import reverse

    make_comment(article)
    article.title = "Changed"
    article.save_revision()
    link = admin_client.get(reverse("blog_website_preview", args=[article.pk]))
    html = client.get(link.url).content.decode()
    assert "Report" not in html and 'id="comment-form"' not in html
