"""Which language a read is served in: `?locale=`, else Accept-Language with q-values and
regional forms, else the default; then the fallback chain. No query."""

from __future__ import annotations

import pytest
from django.test import override_settings

from blog.languages.negotiation import (
    Negotiated,
    UnknownLocale,
    negotiate,
    parse_accept_language,
)
from cms.settings.languages import fallback_chains

SWISS = ["de-ch", "fr", "it", "en-gb"]


def languages(*codes: str, fallbacks: list[str] | None = None):
    return override_settings(  # as cms/settings/languages.py sets them: the same list
        LANGUAGES=[(c, c) for c in codes],
        WAGTAIL_CONTENT_LANGUAGES=[(c, c) for c in codes],
        LANGUAGE_FALLBACKS=fallback_chains(list(codes), fallbacks or []),
    )


def test_q_values_order_the_readers_choices_and_q0_refuses_one():
    header = "it;q=0.3, fr-CH, de;q=0.7, en;q=0, *;q=0.1"
    assert parse_accept_language(header) == ["fr-ch", "de", "it", "*"]


@pytest.mark.parametrize(
    ("header", "served"),
    [
        ("fr-CH, fr;q=0.9, en;q=0.8", "fr"),  # a regional form finds its language
        ("de", "de-ch"),  # a generic form finds the one regional form published
        ("es, it;q=0.5", "it"),  # an unpublished first choice is skipped
        ("es", "de-ch"),  # nothing published: the default
        ("*", "de-ch"),
        ("en-US", "en-gb"),
    ],
)
def test_accept_language_picks_the_best_published_language(header, served):
    with languages(*SWISS):
        found = negotiate(locale_param=None, accept_language=header)
    assert found.locale == served and found.by_header


def test_the_locale_parameter_wins_over_the_header_and_the_response_does_not_vary():
    with languages("en-gb", "fr"):
        found = negotiate(locale_param="FR", accept_language="en-gb")
    assert found == Negotiated("fr", ("fr", "en-gb"), by_header=False)


@pytest.mark.parametrize("value", ["xx", "", "fr" * 30, "es"])
def test_an_unpublished_locale_is_refused_naming_it(value):
    with languages("en-gb", "fr"), pytest.raises(UnknownLocale) as refused:
        negotiate(locale_param=value, accept_language=None)
    assert "this API serves en-gb, fr" in str(refused.value)


def test_the_chain_follows_the_configured_fallbacks():
    with languages("en-gb", "fr", "fr-ca", fallbacks=[]):
        found = negotiate(locale_param=None, accept_language="fr-CA")
    assert found.chain == ("fr-ca", "fr", "en-gb")


def test_without_a_header_or_with_one_language_the_header_decides_nothing():
    with languages("en-gb", "fr"):
        assert not negotiate(locale_param=None, accept_language=None).by_header
    with languages("en-gb"):
        found = negotiate(locale_param=None, accept_language="fr")
    assert found == Negotiated("en-gb", ("en-gb",), by_header=False)


def test_negotiation_makes_no_query(db, django_assert_num_queries):
    with django_assert_num_queries(0), languages(*SWISS):
        negotiate(locale_param=None, accept_language="fr-CH, de;q=0.5")
