"""Searches in readers' words over the public articles: typos, split and joined words,
plurals, synonyms, ranking, and nothing from drafts or restricted articles."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone
from wagtail.models import PageViewRestriction

from blog.models import ComplianceRule, SearchTerm, SynonymGroup
from blog.published import selectors, store
from blog.search import engine, synonyms
from tests.factories import (
    ArticlePageFactory,
    AuthorFactory,
    TreatmentFactory,
    body,
    heading,
    paragraph,
)


def article(index, title: str, text: str = "", **kwargs):
    page = ArticlePageFactory(
        parent=index,
        title=title,
        body=body(heading("What to expect"), paragraph(f"<p>{text or 'Some words.'}</p>")),
        **kwargs,
    )
    return page


@pytest.fixture
def indexed(committed):
    """Render and index every article, as the render task does after the commit."""
    return lambda: committed(store.rebuild)


def found(query: str) -> list[str]:
    results = engine.search(query, within=selectors.stored_articles())
    from blog.models import StoredArticle

    titles = dict(StoredArticle.objects.values_list("page_id", "title"))
    return [titles[pk] for pk in results.ids]


@pytest.fixture
def clinic(index, indexed):
    needling = TreatmentFactory(name="Microneedling", slug="microneedling")
    peel = TreatmentFactory(name="Chemical peel", slug="chemical-peel")
    pages = {
        "needling": article(
            index,
            "Your skin after microneedling",
            "Redness fades in two days. Use a gentle sunscreen every morning.",
        ),
        "peel": article(
            index,
            "Aftercare for a chemical peel",
            "Peeling skin is normal. Keep to sunscreen and avoid retinol for a week.",
        ),
        "wrinkles": article(
            index,
            "Anti-wrinkle injections: what to expect",
            "Results show within two weeks and last three to four months.",
        ),
        "sun": article(
            index,
            "Choosing a sunscreen",
            "Mineral or chemical filters, and how much to apply.",
        ),
    }
    pages["needling"].treatments.add(needling)
    pages["needling"].save()
    pages["peel"].treatments.add(peel)
    pages["peel"].save()
    indexed()
    return pages


def test_exact_words_find_the_article_with_the_title_first(clinic):
    assert found("sunscreen")[0] == "Choosing a sunscreen"
    assert set(found("sunscreen")) == {
        "Choosing a sunscreen",
        "Your skin after microneedling",
        "Aftercare for a chemical peel",
    }


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("microneedeling", "Your skin after microneedling"),
        ("micro needling", "Your skin after microneedling"),
        ("chemcal peal", "Aftercare for a chemical peel"),
        ("sunscrean", "Choosing a sunscreen"),
        ("antiwrinkle", "Anti-wrinkle injections: what to expect"),
        ("anti wrinkle", "Anti-wrinkle injections: what to expect"),
        ("after care", "Aftercare for a chemical peel"),
        ("injection", "Anti-wrinkle injections: what to expect"),
        ("peels", "Aftercare for a chemical peel"),
    ],
)
def test_readers_words_find_the_right_article_first(clinic, typed, first):
    assert found(typed)[0] == first


def test_a_correction_says_what_was_searched_for(clinic):
    results = engine.search("chemcal peal", within=selectors.stored_articles())
    assert results.searched_for == "chemical peel"
    exact = engine.search("chemical peel", within=selectors.stored_articles())
    assert exact.searched_for is None


def test_a_stray_word_does_not_empty_the_results(clinic):
    assert found("how long does microneedling redness last xqzv")[0] == (
        "Your skin after microneedling"
    )


def test_nothing_found_offers_a_did_you_mean_that_finds_something(clinic):
    results = engine.search("sunzcrxxn", within=selectors.stored_articles())
    assert results.ids == []
    assert results.did_you_mean == "sunscreen"
    assert engine.search("zzzzzz", within=selectors.stored_articles()).did_you_mean is None


def test_synonyms_lead_to_what_the_clinic_writes(clinic):
    SynonymGroup.objects.create(terms="dermaroller, derma roller", leads_to="microneedling")
    SynonymGroup.objects.create(terms="sunblock, sun cream, sunscreen")
    synonyms.changed()
    assert found("dermaroller") == ["Your skin after microneedling"]
    assert found("derma roller") == ["Your skin after microneedling"]
    assert found("sunblock")[0] == "Choosing a sunscreen"
    # One way: the clinic's word does not find a reader's word it never printed.
    assert "dermaroller" not in " ".join(found("microneedling"))


def test_a_blocked_brand_name_leads_to_the_clinics_words_but_is_never_offered(clinic):
    ComplianceRule.objects.create(
        name="Prescription-only brand", pattern="botox", severity="block", explanation="POM"
    )
    SynonymGroup.objects.create(terms="botox", leads_to="anti-wrinkle injections")
    synonyms.changed()
    results = engine.search("botox", within=selectors.stored_articles())
    assert found("botox") == ["Anti-wrinkle injections: what to expect"]
    assert results.searched_for is None
    assert engine.search("botoxx", within=selectors.stored_articles()).did_you_mean is None


def test_drafts_and_restricted_articles_are_neither_found_nor_in_the_vocabulary(
    index, clinic, indexed
):
    draft = article(index, "Hydrafacial secrets", "Hydrafacial steps.", live=False)
    private = article(index, "Lymphatic drainage", "Lymphatic massage.")
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    draft.save_revision()
    indexed()
    assert found("hydrafacial") == [] and found("lymphatic") == []
    assert not SearchTerm.objects.filter(word__in=["hydrafacial", "lymphatic"], documents__gt=0)


def test_an_unpublished_article_leaves_the_index_and_its_words_are_counted_out(clinic, indexed):
    clinic["sun"].unpublish()
    indexed()
    assert "Choosing a sunscreen" not in found("sunscreen")
    assert SearchTerm.objects.get(word="mineral").documents == 0
    assert SearchTerm.objects.get(word="sunscreen").documents == 2


def test_equal_scores_go_newest_first_and_an_overdue_review_is_not_lifted(index, indexed):
    today = timezone.localdate()
    reviewed = {
        "last_reviewed": today - datetime.timedelta(days=10),
        "reviewed_by": AuthorFactory(),
    }
    old = article(
        index, "Laser hair removal", display_date=today - datetime.timedelta(days=90), **reviewed
    )
    new = article(index, "Laser hair removal", slug="laser-2", display_date=today, **reviewed)
    overdue = article(
        index,
        "Laser hair removal",
        slug="laser-3",
        display_date=today + datetime.timedelta(days=1),
        last_reviewed=today - datetime.timedelta(days=800),
        reviewed_by=reviewed["reviewed_by"],
    )
    indexed()
    ids = engine.search("laser", within=selectors.stored_articles()).ids
    assert ids == [new.pk, old.pk, overdue.pk]


def test_a_title_match_ranks_above_a_passing_mention(index, indexed):
    article(index, "Preparing for your appointment", "Bring a list of retinol products.")
    article(index, "Retinol and your skin", "How to start slowly.")
    indexed()
    assert found("retinol") == ["Retinol and your skin", "Preparing for your appointment"]


def test_a_synonym_phrase_of_several_words_is_read_as_one(clinic):
    SynonymGroup.objects.create(terms="collagen induction therapy", leads_to="microneedling")
    synonyms.changed()
    assert found("collagen induction therapy")[0] == "Your skin after microneedling"


def test_the_word_as_typed_ranks_above_what_a_synonym_finds(index, clinic, indexed):
    article(index, "Sunblock for sensitive skin", "Mineral sunblock suits reactive skin.")
    indexed()
    SynonymGroup.objects.create(terms="sunblock, sunscreen")
    synonyms.changed()
    results = found("sunblock")
    assert results[0] == "Sunblock for sensitive skin"
    assert "Choosing a sunscreen" in results  # what the synonym finds comes after


def test_a_correction_to_a_blocked_word_is_not_said_back(index, indexed):
    article(index, "Our statement on Botox", "Why we say anti-wrinkle injections.")
    indexed()
    ComplianceRule.objects.create(
        name="Prescription-only brand", pattern="botox", severity="block", explanation="POM"
    )
    synonyms.changed()
    results = engine.search("botoxx", within=selectors.stored_articles())
    assert results.ids  # found through the correction...
    assert results.searched_for is None  # ...which is never shown


def test_any_page_of_the_ranking_reads_as_the_whole_ranking(index, indexed):
    for n in range(7):
        article(index, f"Peel number {n}", "A chemical peel." if n % 2 else "Peel aftercare.")
    indexed()
    within = selectors.stored_articles()
    every = engine.search("peel", within=within).ids
    assert len(every) == 7
    for offset in range(0, 8, 3):
        page = engine.search("peel", within=within, offset=offset, limit=3)
        assert page.total == 7
        assert list(page.ranked[offset : offset + 3]) == every[offset : offset + 3]
        assert page.ranked[-1] == every[-1] and list(page.ranked) == every
    past_the_end = engine.search("peel", within=within, offset=30, limit=3)
    assert past_the_end.total == 7 and list(past_the_end.ranked[6:9]) == every[6:]
