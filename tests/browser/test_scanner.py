"""The accessibility scanner itself: a page with known faults must fail it, or a clean scan
of our pages would prove nothing."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from tests.browser.helpers import serious_violations

# The page fixture runs the live server, which gives the test a transactional database: with
# serialized_rollback, its teardown leaves the database as the next journey expects (without
# it, the flush re-creates content types under new ids, and the next journey's restore of the
# serialized data fails on them).
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_axe_reports_what_screen_reader_users_would_hit(page: Page):
    page.set_content(
        '<html lang="en"><body><main><img src="x.png">'
        '<button></button><input type="text"></main></body></html>'
    )
    rules = {found["rule"] for found in serious_violations(page)}
    assert {"image-alt", "button-name", "label"} <= rules
