"""/api/v1/ keeps its OpenAPI contract: schemathesis, in-process, over every operation.

A bounded pass (25 positive and 25 negative examples per operation, then stateful sequences
along the schema's links) with every check. The full pass, 300 examples, is
benchmarks/contract.py.
"""

import logging

import hypothesis
import jsonschema_rs
import pytest
from schemathesis import GenerationMode
from schemathesis.config import PositiveDataAcceptanceConfig

from tests.contract import fuzz_settings, load_schema, run
from tests.factories import ArticlePageFactory, TreatmentFactory

pytestmark = pytest.mark.contract


@pytest.fixture
def seeded(index, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "localhost"]  # schemathesis' WSGI host
    treatment = TreatmentFactory(slug="microneedling")
    article = ArticlePageFactory(parent=index, slug="after-microneedling")
    article.treatments.add(treatment)
    article.tags.add("aftercare")
    article.save_revision().publish()
    ArticlePageFactory(parent=index, slug="peels")
    return article


def test_schemathesis_finds_no_disagreement(seeded, caplog):
    caplog.set_level(logging.CRITICAL, logger="django.request")
    report = run(max_examples=25)
    assert report.examples > 300
    # No bound on its time: timings are for benchmarks (a slow shared machine took 93 s).
    assert not report.failures, "\n".join(report.lines())


def test_only_a_cursor_may_be_answered_410_and_only_where_one_is_taken(seeded):
    """schemathesis.toml allows the documented 410 for a cursor never issued; every other
    operation, and every other status, keeps schemathesis' own expectations."""
    schema = load_schema()
    defaults = PositiveDataAcceptanceConfig().expected_statuses
    for result in schema.get_all_operations():
        operation = result.ok()
        names = {parameter.name for parameter in operation.iter_parameters()}
        checks = schema.config.checks_config_for(operation=operation)
        expected = checks.positive_data_acceptance.expected_statuses
        if names & {"since", "after"}:
            assert sorted(expected) == sorted([*defaults, "410"]), operation.label
            assert "410" in operation.definition.raw["responses"]
        else:
            assert expected == defaults, operation.label


def patterns_in(node) -> list[str]:
    if isinstance(node, dict):
        found = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return found + [p for value in node.values() for p in patterns_in(value)]
    if isinstance(node, list):
        return [p for value in node for p in patterns_in(value)]
    return []


def test_every_pattern_is_ecma_262_and_schemathesis_generates_from_it(seeded):
    """A pattern schemathesis cannot use leaves its operation without any fuzzing (posting
    comments had none): every operation gets positive examples that the schema accepts."""
    schema = load_schema()
    patterns = patterns_in(schema.raw_schema)
    assert len(patterns) > 5
    for pattern in patterns:
        jsonschema_rs.validator_for({"type": "string", "pattern": pattern})  # ECMA-262
    bodies = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @fuzz_settings(5)
        @hypothesis.given(case=operation.as_strategy(generation_mode=GenerationMode.POSITIVE))
        def generate(case) -> None:
            if isinstance(case.body, dict) and "body" in case.body:
                bodies.append(case.body)

        generate()
    fields = schema.raw_schema["components"]["schemas"]["CommentInputRequest"]["properties"]
    assert bodies
    for body in bodies:
        for name in ("name", "body"):
            validator = jsonschema_rs.validator_for(fields[name])
            assert validator.is_valid(body[name]), (name, body[name])


def test_every_operation_documents_its_errors(seeded):
    schema = load_schema().raw_schema
    assert "Error" in schema["components"]["schemas"]
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            assert "503" in operation["responses"], (method, path)
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    content = response["content"]["application/json"]["schema"]
                    assert content == {"$ref": "#/components/schemas/Error"}
    tags = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/tags/"]["get"]["parameters"]}
    assert tags["page"]["minimum"] == 1
    assert tags["page_size"] == {"type": "integer", "minimum": 1, "maximum": 100}


@pytest.mark.parametrize(
    ("url", "param", "message"),
    [
        (
            "/api/v1/articles/lookup/",
            "path",
            "Give the website path. To find an article by id: /api/v1/articles/by-id/ID/.",
        ),
        ("/api/v1/articles/lookup/?path=", "path", "Enter a path that starts with /."),
        ("/api/v1/articles/by-id/x/", "id", "Enter a whole number."),
    ],
)
def test_lookup_says_what_is_missing(client, seeded, url, param, message):
    response = client.get(url)
    assert response.status_code == 400
    assert response.json() == {param: [message]}


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/api/v1/articles/?page_size=", "page_size"),
        ("/api/v1/articles/?page=", "page"),
        ("/api/v1/articles/?published_after=", "published_after"),
        ("/api/v1/articles/?treatment=", "treatment"),
        ("/api/v1/articles/?q=", "q"),
        ("/api/v1/articles/?ordering=", "ordering"),
        ("/api/v1/tags/?page=", "page"),
        ("/api/v1/sync/?since=", "since"),
        ("/api/v1/articles/after-microneedling/comments/?after=", "after"),
        ("/api/v1/preview/?token=abc&page=", "page"),
    ],
)
def test_an_empty_parameter_is_a_400_naming_it(client, seeded, url, param):
    response = client.get(url)
    assert response.status_code == 400
    assert param in response.json()


def test_a_post_to_no_endpoint_is_a_json_404(client, db):
    response = client.post("/api/v1/articles/not a slug/comments/", {})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"


def test_a_path_with_a_newline_is_a_json_404(client, db):
    response = client.get("/api/v1/treatments/a%0Ab/")
    assert response.status_code == 404
    assert response.json() == {"detail": "No such endpoint. See /api/v1/docs/."}
