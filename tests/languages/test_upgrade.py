"""A database made before languages existed upgrades cleanly: its treatments and authors
belong to its one locale (en-gb), each its own translation, and the configured second
language gets a locale of its own. On the suite's database engine, through real migrations."""

from __future__ import annotations

import os
import uuid

import psycopg
import pytest

from tests.live import _with_scheme, base_env, query, require_postgres
from tests.processes import manage

BEFORE_LANGUAGES = "0026_search_posting_ranking"


@pytest.fixture
def old_database(tmp_path):
    """An empty database of the suite's engine, dropped afterwards."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres"):
        yield f"sqlite:///{tmp_path / 'old.sqlite3'}"
        return
    server = require_postgres()
    name = f"clinic_upgrade_{uuid.uuid4().hex[:8]}"
    admin = _with_scheme(server.rsplit("/", 1)[0] + "/postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {name}")
    yield server.rsplit("/", 1)[0] + f"/{name}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_a_database_from_before_languages_upgrades(old_database):
    # As the database was: one language, its migrations up to the last before languages.
    old = base_env(old_database, CONTENT_LANGUAGES="en-gb")
    manage(old, "migrate", "blog", BEFORE_LANGUAGES, "--no-input", timeout=600)
    [(locale_id,)] = query(old_database, "SELECT id FROM wagtailcore_locale")
    for name, slug in (("Microneedling", "microneedling"), ("Chemical peel", "chemical-peel")):
        query(
            old_database,
            "INSERT INTO blog_treatment (name, slug, summary, typical_downtime, device, "
            "sort_order) VALUES (%s, %s, '', '', '', 0)",
            (name, slug),
        )
    query(
        old_database,
        "INSERT INTO blog_author (name, slug, role, credentials, bio, sort_order) "
        "VALUES ('Dr Ada Field', 'ada-field', 'Dermatologist', '', '', 0)",
    )

    env = base_env(old_database)  # the defaults: English and French
    manage(env, "migrate", "--no-input", timeout=600)

    treatments = query(old_database, "SELECT locale_id, translation_key FROM blog_treatment")
    authors = query(old_database, "SELECT locale_id, translation_key FROM blog_author")
    assert {row[0] for row in treatments + authors} == {locale_id}
    keys = [str(row[1]) for row in treatments + authors]
    assert len(set(keys)) == 3 and all(uuid.UUID(key) for key in keys)
    locales = dict(query(old_database, "SELECT language_code, id FROM wagtailcore_locale"))
    assert locales["en-gb"] == locale_id and set(locales) == {"en-gb", "fr"}
    manage(env, "check", "--deploy", "--fail-level", "ERROR")


def test_one_language_makes_one_locale_and_slugs_stay_unique_within_it(old_database):
    env = base_env(old_database, CONTENT_LANGUAGES="en-gb")
    manage(env, "migrate", "--no-input", timeout=600)
    [(locale_id, code)] = query(old_database, "SELECT id, language_code FROM wagtailcore_locale")
    assert code == "en-gb"
    insert = (
        "INSERT INTO blog_treatment (name, slug, summary, typical_downtime, device, sort_order, "
        "locale_id, translation_key) VALUES (%s, 'peel', '', '', '', 0, %s, %s)"
    )
    query(old_database, insert, ("Peel", locale_id, str(uuid.uuid4())))
    with pytest.raises(Exception, match=r"(?i)unique"):
        query(old_database, insert, ("Another peel", locale_id, str(uuid.uuid4())))
