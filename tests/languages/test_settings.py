"""CONTENT_LANGUAGES and LANGUAGE_FALLBACKS as a deployment writes them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from cms.settings.languages import fallback_chains
from tests.live import base_env
from tests.processes import manage

CODES = ["en-gb", "fr", "fr-ca", "de-ch"]


def test_every_chain_ends_with_the_default_language_after_the_generic_form():
    chains = fallback_chains(CODES, [])
    assert chains == {
        "en-gb": ["en-gb"],
        "fr": ["fr", "en-gb"],
        "fr-ca": ["fr-ca", "fr", "en-gb"],  # Canadian French falls back to French
        "de-ch": ["de-ch", "en-gb"],  # no German: straight to the default
    }


def test_a_configured_chain_comes_before_the_generic_form():
    chains = fallback_chains(CODES, ["de-ch:fr|fr-ca", " FR_CA : fr "])
    assert chains["de-ch"] == ["de-ch", "fr", "fr-ca", "en-gb"]
    assert chains["fr-ca"] == ["fr-ca", "fr", "en-gb"]


@pytest.mark.parametrize("item", ["it:fr", "fr:it", "fr", "fr:", ":fr"])
def test_a_fallback_to_or_from_an_unpublished_language_is_refused(item):
    with pytest.raises(ImproperlyConfigured, match="LANGUAGE_FALLBACKS"):
        fallback_chains(CODES, [item])


def test_one_language_turns_translations_off(tmp_path):
    env = base_env(f"sqlite:///{tmp_path / 'one.sqlite3'}", CONTENT_LANGUAGES="en-gb")
    script = (
        "from django.conf import settings as s; "
        "print(s.WAGTAIL_I18N_ENABLED, s.LANGUAGE_CODE, s.LANGUAGES, s.LANGUAGE_FALLBACKS)"
    )
    out = manage(env, "shell", "--no-imports", "-c", script).stdout.strip()
    assert out == "False en-gb [('en-gb', 'British English')] {'en-gb': ['en-gb']}"


def test_an_unknown_language_stops_the_start_with_a_clear_error(tmp_path):
    env = base_env(f"sqlite:///{tmp_path / 'x.sqlite3'}", CONTENT_LANGUAGES="en-gb,xx-yy")
    result = manage(env, "check", check=False)
    assert result.returncode != 0 and "CONTENT_LANGUAGES: 'xx-yy'" in result.stderr
