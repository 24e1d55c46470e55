"""What readers could not find: counted per day, also from the response cache, with no
address or cookie kept, written by a task (never by the search), kept 90 days, and shown in
Reports > Searches without results with a CSV export."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from blog.models import SearchQueryDay
from blog.published import store
from blog.search import report
from tests.factories import ArticlePageFactory

SEARCH = "/api/v1/search/"


@pytest.fixture(autouse=True)
def _nothing_pending(db):
    report.flush()  # counts another test left behind
    SearchQueryDay.objects.all().delete()


@pytest.fixture
def clinic(index, committed):
    ArticlePageFactory(parent=index, title="Sunscreen after a peel")
    committed(store.rebuild)


def rows() -> list[tuple[str, str, int]]:
    return sorted(SearchQueryDay.objects.values_list("query", "outcome", "searches"))


def test_searches_that_found_nothing_or_needed_a_correction_are_counted(client, clinic, committed):
    for _ in range(2):  # the second answer comes from the response cache
        assert client.get(SEARCH, {"q": "Hydrafacial  PRICES"}).json()["count"] == 0
    assert client.get(SEARCH, {"q": "sunscrean"}).json()["searched_for"] == "sunscreen"
    client.get(SEARCH, {"q": "sunscreen"})  # found at once: not counted
    client.get(SEARCH, {"q": "hydrafacial prices", "page": "2"})  # not a new search
    assert rows() == []  # nothing written by the searches themselves

    committed(report.flush)
    assert rows() == [("hydrafacial prices", "nothing", 2), ("sunscrean", "corrected", 1)]
    day = SearchQueryDay.objects.values_list("day", flat=True).first()
    assert day == timezone.localdate()


def test_counts_add_up_across_flushes_and_old_days_are_pruned(settings):
    today = timezone.localdate()
    old = today - datetime.timedelta(days=settings.SEARCH_REPORT_DAYS + 1)
    SearchQueryDay.objects.create(day=old, query="laser", outcome="nothing", searches=3)
    report.store_counts([[today.isoformat(), "en", "laser", "nothing", 2]])
    report.store_counts([[today.isoformat(), "en", "laser", "nothing", 1]])
    assert list(SearchQueryDay.objects.values_list("day", "searches")) == [(today, 3)]


def test_the_report_lists_and_exports_the_counts(admin_client):
    today = timezone.localdate()
    SearchQueryDay.objects.create(day=today, query="hydrafacial", outcome="nothing", searches=4)
    SearchQueryDay.objects.create(day=today, query="sunscrean", outcome="corrected", searches=1)
    page = admin_client.get(reverse("blog_searches_without_results"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "hydrafacial" in html and "Found only after a correction" in html
    filtered = admin_client.get(
        reverse("blog_searches_without_results"), {"outcome": "corrected"}
    ).content.decode()
    assert "sunscrean" in filtered and "hydrafacial" not in filtered
    csv = admin_client.get(reverse("blog_searches_without_results"), {"export": "csv"})
    lines = b"".join(csv.streaming_content).decode().splitlines()
    assert lines[0] == "Date,Words searched for,Outcome,Searches"
    assert f"{today.isoformat()},hydrafacial,Found nothing,4" in lines
