"""Medical review on a schedule: due dates, and the "Reviews due" report with its exports."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from wagtail.rich_text import RichText

from blog.governance.reviews import clinical_reviewers, reviews_due
from blog.models import ArticlePage
from blog.models.article import add_months
from tests.factories import (
    ArticlePageFactory,
    AuthorFactory,
    TreatmentFactory,
    body,
    heading,
    paragraph,
)

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 12, 0, tzinfo=datetime.UTC))


@pytest.mark.parametrize(
    ("day", "months", "due"),
    [
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2027, 12, 15), 2, datetime.date(2028, 2, 15)),
        (datetime.date(2028, 2, 29), 12, datetime.date(2029, 2, 28)),
    ],
)
def test_months_are_added_as_a_calendar_does(day, months, due):
    assert add_months(day, months) == due


def test_the_next_review_follows_the_last_one_by_the_interval(index, settings):
    reviewer = AuthorFactory()
    article = ArticlePageFactory(
        parent=index, reviewed_by=reviewer, last_reviewed=datetime.date(2026, 3, 10)
    )
    assert article.next_review_due == datetime.date(2027, 3, 10)  # the clinic's twelve months
    article.review_interval_months = 6
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.next_review_due == datetime.date(2026, 9, 10)
    assert article.review_overdue(today=TODAY)
    never = ArticlePageFactory(parent=index)
    assert never.next_review_due is None and never.review_overdue(today=TODAY)


def make(index, title, last_reviewed=None, **fields):
    reviewer = fields.pop("reviewed_by", None) or (AuthorFactory() if last_reviewed else None)
    return ArticlePageFactory(
        parent=index, title=title, reviewed_by=reviewer, last_reviewed=last_reviewed, **fields
    )


def report(admin_client, **params):
    return admin_client.get(reverse("blog_reviews_due"), params)


def test_the_report_lists_what_is_due_overdue_first(admin_client, index):
    make(index, "Never reviewed")
    make(index, "Long overdue", datetime.date(2025, 1, 5))
    make(index, "Just overdue", datetime.date(2025, 11, 20))
    make(index, "Due soon", datetime.date(2025, 12, 20))
    make(index, "Not due", datetime.date(2026, 6, 1))
    make(index, "A draft", datetime.date(2024, 1, 1), live=False)

    html = report(admin_client).content.decode()
    order = ["Never reviewed", "Long overdue", "Just overdue", "Due soon"]
    positions = [html.index(title) for title in order]
    assert positions == sorted(positions)
    assert "Not due" not in html and "A draft" not in html
    assert "Overdue by 330 days" in html and "Due in 19 days" in html


def test_the_report_filters_by_reviewer_and_treatment(admin_client, index):
    dr_lee = AuthorFactory(name="Dr Lee")
    peel = TreatmentFactory(name="Peel")
    mine = make(index, "Reviewed by Dr Lee", datetime.date(2025, 1, 1), reviewed_by=dr_lee)
    mine.treatments.add(peel)
    mine.save()
    make(index, "Reviewed by someone else", datetime.date(2025, 1, 1))

    html = report(admin_client, reviewed_by=dr_lee.pk).content.decode()
    assert "Reviewed by Dr Lee" in html and "someone else" not in html
    html = report(admin_client, treatments=peel.pk).content.decode()
    assert "Reviewed by Dr Lee" in html and "someone else" not in html


def test_the_report_exports_csv_and_xlsx(admin_client, index):
    make(index, "Long overdue", datetime.date(2025, 1, 5), reviewed_by=AuthorFactory(name="Dr Q"))
    response = report(admin_client, export="csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    heading = ["Article", "Language", "Reviewer", "Last reviewed", "Next review due", "Status"]
    assert rows[0] == heading
    assert rows[1][:3] == ["Long overdue", "British English", "Dr Q"]
    assert rows[1][5] == "Overdue by 330 days"
    xlsx = report(admin_client, export="xlsx")
    assert xlsx["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    )


def test_the_report_is_in_the_reports_menu(admin_client):
    assert reverse("blog_reviews_due") in admin_client.get("/admin/").content.decode()


def test_an_interval_must_be_a_sensible_number_of_months(admin_client, index):
    from tests.admin_forms import article_form

    article = make(index, "Peel aftercare")
    url = reverse("wagtailadmin_pages:edit", args=[article.pk])
    form = article_form(title=article.title, slug=article.slug, review_interval_months="0")
    response = admin_client.post(url, form)
    assert response.status_code == 200
    assert "review_interval_months" in response.context["form"].errors
    assert ArticlePage.objects.get(pk=article.pk).review_interval_months is None


def test_the_dashboard_shows_the_signed_in_reviewers_due_articles(admin_client, admin_user, index):
    me = AuthorFactory(name="Dr Me", user=admin_user)
    make(index, "Mine, overdue", datetime.date(2025, 1, 5), reviewed_by=me)
    make(index, "Mine, not due", datetime.date(2026, 10, 1), reviewed_by=me)
    make(index, "Someone else's", datetime.date(2025, 1, 5))
    html = admin_client.get("/admin/").content.decode()
    panel = html[html.index("Your medical reviews due") :]
    assert "Mine, overdue" in panel and "Overdue by 330 days" in panel
    assert "Mine, not due" not in panel and "Someone else's" not in panel


def test_staff_without_an_author_profile_see_no_review_panel(admin_client):
    assert "Your medical reviews due" not in admin_client.get("/admin/").content.decode()


def test_each_reviewer_gets_a_weekly_digest_of_their_due_articles(
    index, mailoutbox, django_user_model
):
    from django.core.management import call_command

    from blog.management.commands.worker import Clock

    login = django_user_model.objects.create_user("drlee", email="lee@clinic.example")
    dr_lee = AuthorFactory(name="Dr Lee", user=login)
    no_login = AuthorFactory(name="Dr Nobody")
    make(index, "Lee's overdue", datetime.date(2025, 1, 5), reviewed_by=dr_lee)
    make(index, "Lee's not due", datetime.date(2026, 10, 1), reviewed_by=dr_lee)
    make(index, "Nobody's overdue", datetime.date(2025, 1, 5), reviewed_by=no_login)

    call_command("reviews_digest")
    (mail,) = mailoutbox
    assert mail.to == ["lee@clinic.example"]
    assert mail.subject == "1 article due for medical review"
    assert "Lee's overdue: Overdue by 330 days" in mail.body and "not due" not in mail.body

    # The worker's clock sends it once a week, however often it ticks.
    mailoutbox.clear()
    clock = Clock(interval=60)
    clock.tick()
    clock.tick()
    assert len(mailoutbox) == 1


def test_the_api_says_when_the_review_is_due_and_whether_it_is_overdue(
    client, index, committed, time_machine
):
    article = committed(lambda: make(index, "Peel", datetime.date(2025, 12, 1)))
    url = f"/api/v1/articles/{article.slug}/"
    first = client.get(url)
    review = first.json()["medical_review"]
    assert review["next_review_due"] == "2026-12-01" and review["overdue"] is False
    # Nothing is written at midnight, yet the stored detail, its cached copy and the
    # validators all move on with the date.
    time_machine.move_to(datetime.datetime(2026, 12, 2, 0, 0, 1, tzinfo=datetime.UTC))
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200
    assert client.get(url).json()["medical_review"]["overdue"] is True
    synced = client.get("/api/v1/sync/").json()["articles"]
    assert synced[0]["medical_review"]["overdue"] is True


def test_the_api_computes_overdue_for_articles_read_without_a_stored_copy(client, index):
    from blog.published.serializers import ArticleDetailSerializer

    article = make(index, "Peel", datetime.date(2025, 6, 1))
    review = ArticleDetailSerializer().get_medical_review(article)
    assert review["next_review_due"] == datetime.date(2026, 6, 1) and review["overdue"] is True


def test_a_changed_body_asks_for_a_new_review_when_the_clinic_wants_it(index, settings):
    settings.CLINICAL_REVIEW_AFTER_BODY_CHANGE = True
    article = make(index, "Peel", datetime.date(2026, 11, 1))
    assert article.next_review_due == datetime.date(2027, 11, 1)
    article.title = "Chemical peel"  # not the body: no new review
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.next_review_due == datetime.date(2027, 11, 1)
    article.body = [("paragraph", RichText("<p>New dosing advice.</p>"))]
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.review_requested_on == TODAY and article.next_review_due == TODAY
    assert article in reviews_due(today=TODAY)
    article.last_reviewed = TODAY  # the clinician checked it
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.review_requested_on is None
    assert article.next_review_due == datetime.date(2027, 12, 1)


def test_by_default_a_changed_body_keeps_the_review_date(index):
    article = make(index, "Peel", datetime.date(2026, 11, 1))
    article.body = [("paragraph", RichText("<p>New dosing advice.</p>"))]
    article.save_revision().publish()
    article.refresh_from_db()
    assert article.review_requested_on is None
    assert article.next_review_due == datetime.date(2027, 11, 1)


def grant_reviewer(user) -> None:
    user.user_permissions.add(Permission.objects.get(codename="clinical_reviewer"))


def test_only_clinical_reviewers_sign_off_a_review(client, index, django_user_model):
    from tests.admin_forms import article_form

    editor = django_user_model.objects.create_user("editor", password="pw", is_staff=True)
    editor.groups.add(Group.objects.get(name="Editors"))
    client.force_login(editor)
    nurse = AuthorFactory(name="Nurse Without Sign-off")
    clinician_login = django_user_model.objects.create_user("clinician")
    clinician = AuthorFactory(name="Dr Signs Off", user=clinician_login)
    article = make(index, "Peel aftercare")
    url = reverse("wagtailadmin_pages:edit", args=[article.pk])

    def post(reviewer):
        form = article_form(
            title=article.title,
            slug=article.slug,
            reviewed_by=str(reviewer.pk),
            last_reviewed="2026-11-30",
        )
        return client.post(url, form)

    refused = post(nurse)
    assert refused.status_code == 200
    assert "is not a clinical reviewer" in str(refused.context["form"].errors["reviewed_by"])
    assert post(clinician).status_code == 200  # clinician's login lacks the permission yet
    grant_reviewer(clinician_login)
    assert post(clinician).status_code == 302
    article.refresh_from_db()
    draft = article.get_latest_revision_as_object()
    assert draft.reviewed_by == clinician and draft.last_reviewed == datetime.date(2026, 11, 30)
    assert set(clinical_reviewers()) == {clinician}
    # Losing the permission later does not undo a sign-off already made.
    clinician_login.user_permissions.clear()
    resave = client.post(
        url,
        article_form(
            title="Peel aftercare, updated",
            slug=article.slug,
            reviewed_by=str(clinician.pk),
            last_reviewed="2026-11-30",
        ),
    )
    assert resave.status_code == 302


def test_the_permission_is_granted_to_groups_in_the_admin(admin_client):
    html = admin_client.get(reverse("wagtailusers_groups:add")).content.decode()
    assert "Clinical reviewer: can sign off the medical review of articles" in html


def test_text_that_looks_like_the_stored_mark_stays_text(client, index, committed):
    from blog.published.prerender import OVERDUE_MARK

    article = committed(
        lambda: make(
            index,
            "Peel",
            datetime.date(2020, 1, 1),
            body=body(heading(OVERDUE_MARK), paragraph(f'<p>"overdue":"{OVERDUE_MARK}"</p>')),
        )
    )
    data = client.get(f"/api/v1/articles/{article.slug}/").json()
    assert data["medical_review"]["overdue"] is True
    assert data["body"][0]["value"]["text"] == OVERDUE_MARK


def test_the_report_says_when_the_text_changed_since_the_review(admin_client, index, settings):
    settings.CLINICAL_REVIEW_AFTER_BODY_CHANGE = True
    article = make(index, "Peel", datetime.date(2026, 11, 1))
    article.body = [("paragraph", RichText("<p>New dosing advice.</p>"))]
    article.save_revision().publish()
    html = report(admin_client).content.decode()
    assert "Text changed since the review (published 1 Dec 2026)" in html
