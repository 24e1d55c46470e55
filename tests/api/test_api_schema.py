"""The OpenAPI schema generates without warnings, validates, and types every block."""

import subprocess
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_schema_generates_without_warnings_and_validates(tmp_path, db):
    target = tmp_path / "schema.yml"
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "spectacular",
            "--validate",
            "--fail-on-warn",
            "--file",
            str(target),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    schema = yaml.safe_load(target.read_text())
    paths = set(schema["paths"])
    assert {"/api/v1/articles/", "/api/v1/articles/{slug}/", "/api/v1/sync/"} <= paths
    assert all(path.startswith("/api/v1/") for path in paths)

    components = schema["components"]["schemas"]
    body = components["ArticleDetail"]["properties"]["body"]
    assert body["items"]["$ref"] == "#/components/schemas/BodyBlock"
    variants = {ref["$ref"].rsplit("/", 1)[1] for ref in components["BodyBlock"]["oneOf"]}
    assert variants == {
        "HeadingBlock", "ParagraphBlock", "ImageBlock", "QuoteBlock",
        "CalloutBlock", "FaqBlock", "EmbedBlock", "BeforeAfterBlock",
    }  # fmt: skip
    assert components["BodyBlock"]["discriminator"]["propertyName"] == "type"
    # What a front end must escape: every string but the sanitised HTML fields.
    assert "plain text that the front end must escape" in schema["info"]["description"]
    html_fields = {
        (name, field)
        for name, component in components.items()
        for field in component.get("properties", {})
        if field == "html" or field.endswith("_html")
    }
    assert html_fields == {  # each sanitised with nh3; a new one must be too
        ("Comment", "body_html"),
        ("ParagraphValue", "html"),
        ("CalloutValue", "html"),
        ("FAQItem", "answer_html"),
    }


def test_schema_and_docs_are_served(client, db):
    assert client.get("/api/v1/schema/").status_code == 200
    docs = client.get("/api/v1/docs/")
    assert docs.status_code == 200
    assert b"swagger-ui" in docs.content
    assert b"cdn.jsdelivr" not in docs.content  # assets are served locally


def test_wagtail_api_v2_is_mounted(client, index):
    assert client.get("/api/v2/pages/").status_code == 200
    assert client.get("/api/v2/images/").status_code == 200
