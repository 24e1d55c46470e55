"""Shared steps of the browser journeys: data to start from, signing in, axe scans."""

from __future__ import annotations

import json

from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from playwright.sync_api import Page

STAFF_PASSWORD = "browser-tests-only"
BLOCKING_IMPACTS = {"serious", "critical"}


def make_staff(username: str = "editor"):
    return get_user_model().objects.create_superuser(
        username, f"{username}@clinic.example", STAFF_PASSWORD
    )


def log_in(page: Page, base_url: str, username: str = "editor") -> None:
    page.goto(f"{base_url}/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(STAFF_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base_url}/admin/")


def serious_violations(page: Page, *, exclude: list[str] | None = None) -> list[dict]:
    """axe-core's serious and critical findings on the page as it stands."""
    context = {"exclude": [[selector] for selector in exclude]} if exclude else None
    results = Axe().run(page, context=context)
    return [
        {
            "rule": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in results.response["violations"]
        if v["impact"] in BLOCKING_IMPACTS
    ]


def assert_accessible(page: Page, **kwargs) -> None:
    found = serious_violations(page, **kwargs)
    assert not found, json.dumps(found, indent=1)
