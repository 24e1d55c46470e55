"""drf-spectacular hooks: the published schema covers the content API only, documents every
error status an operation can answer with one shared `Error` body, and gives each query
parameter the bounds the code enforces (a value outside them, or an empty one, is a 400)."""

from __future__ import annotations

from django.conf import settings

from blog.api.comment_serializers import INPUT_PATTERNS
from blog.api.pagination import MAX_PAGE_NUMBER
from blog.api.params import MAX_ID
from blog.cursors import MAX_LENGTH as MAX_CURSOR_LENGTH
from blog.published.preview import MAX_TOKEN_LENGTH
from blog.sites import MAX_SITE_PARAM_LENGTH

SLUG = {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$", "minLength": 1, "maxLength": 120}
CURSOR = {
    "type": "string",
    "pattern": "^[-A-Za-z0-9_]+$",
    "minLength": 1,
    "maxLength": MAX_CURSOR_LENGTH,
}

ERROR = {
    "type": "object",
    "description": "What went wrong. A 400 maps each bad parameter or field (or `request` for "
    "the request as a whole) to its messages; other errors carry `detail`, and a 503 its "
    "`reason`.",
    "properties": {
        "detail": {"type": "string"},
        "reason": {"type": "string"},
    },
    "additionalProperties": {"type": "array", "items": {"type": "string"}},
    "example": {"published_after": ["Enter a valid date."]},
}

DESCRIPTIONS = {
    "400": "A parameter or field is missing, empty, malformed or out of range; the body names it.",
    "403": "Refused: comments are closed; the form token is expired, forged, for another "
    "article or used too often (reload the form); or the preview token is expired, forged or "
    "for another page.",
    "404": "No such article, treatment, author, comment or site, or no such page of results "
    "(the body names the last page).",
    "409": "This reader posted the same comment on this article a moment ago.",
    "410": "The cursor is not one this API issued, or no longer valid: start again without it.",
    "413": "The request body is too large.",
    "429": "Too many requests from this client or for this article, or a form sent sooner "
    "than a person could write it; retry after `Retry-After` seconds.",
    "503": "A dependency (database, cache, storage) is unavailable; retry after `Retry-After` "
    "seconds.",
}

# Statuses beyond the ones every operation can answer, by (path, method).
COMMENT_POST = ("/api/v1/articles/{slug}/comments/", "post")
FORBIDDEN = {("/api/v1/preview/", "get"), COMMENT_POST}
NOT_FOUND = {("/api/v1/articles/lookup/", "get")}
NUMBERED = {"comment_id", "article_id"}  # path parameters that are database ids


def only_content_api(endpoints: list) -> list:
    # Wagtail's admin API and API v2 are documented by Wagtail itself.
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]


def _parameter_schema(path: str, parameter: dict) -> dict | None:
    name, location = parameter["name"], parameter["in"]
    if location == "path":
        if name in NUMBERED:
            return {"type": "integer", "minimum": 1, "maximum": MAX_ID}
        if name == "slug":
            return {**SLUG, "maxLength": 255}
        return None
    if name == "page" and path == "/api/v1/preview/":
        return {"type": "integer", "minimum": 1, "maximum": MAX_ID}
    if name == "page":
        return {"type": "integer", "minimum": 1, "maximum": MAX_PAGE_NUMBER}
    if name == "page_size":
        return {"type": "integer", "minimum": 1, "maximum": settings.API_MAX_PAGE_SIZE}
    if name == "id":
        return {"type": "integer", "minimum": 1, "maximum": MAX_ID}
    if name == "path":
        return {"type": "string", "pattern": "^/[^\\u0000]*$", "maxLength": 255}
    if name == "token":
        return {"type": "string", "minLength": 1, "maxLength": MAX_TOKEN_LENGTH}
    if name in {"since", "after"}:
        return CURSOR
    if name in {"treatment", "tag", "author"}:
        return SLUG
    if name == "q" and path.startswith("/api/v1/search/"):
        # Words to search for: something besides white space (as str.strip sees it).
        return {"type": "string", "pattern": "^(?=[\\s\\S]*\\S)[^\\u0000]*$", "maxLength": 200}
    if name == "q":
        return {"type": "string", "pattern": "^[^\\u0000]*$", "minLength": 1, "maxLength": 200}
    return None


def _error_statuses(path: str, method: str, operation: dict) -> list[str]:
    parameters = operation.get("parameters", [])
    statuses = []
    if operation.get("requestBody") or any(p["in"] == "query" for p in parameters):
        statuses.append("400")
    if any(p["in"] == "path" and p["name"] in NUMBERED for p in parameters):
        statuses.append("400")  # a path segment that is not a whole number
    if (path, method) in FORBIDDEN:
        statuses.append("403")
    names = {p["name"] for p in parameters}
    if "site" in names:
        statuses.append("404")  # no such site
    paged = "page" in names and path != "/api/v1/preview/"  # preview's `page` is a page id
    if any(p["in"] == "path" for p in parameters) or paged or (path, method) in NOT_FOUND:
        statuses.append("404")
    if names & {"since", "after"}:
        statuses.append("410")
    if method == "post":
        statuses += ["413", "429"]
    if (path, method) == COMMENT_POST:
        statuses.append("409")
    statuses.append("503")
    return sorted(set(statuses))


def _describe_comment_input(schemas: dict) -> None:
    """The comment form's fields with the exact rules the serializer applies (a consent
    that must be given, patterns for names, text and addresses)."""
    fields = schemas.get("CommentInputRequest", {}).get("properties", {})
    for name, regex in INPUT_PATTERNS.items():
        if name in fields:
            fields[name]["pattern"] = regex.pattern
    if "consent" in fields:
        fields["consent"]["enum"] = [True]


REDIRECT = {
    "type": "object",
    "description": "The path has moved (an editor's redirect, or a changed slug or place). "
    "`to` is the new website path (Location: its lookup) or an external address.",
    "properties": {
        "redirect": {
            "type": "object",
            "properties": {
                "status": {"type": "integer", "enum": [301, 302]},
                "to": {"type": "string"},
            },
            "required": ["status", "to"],
        }
    },
    "required": ["redirect"],
}


def _document_redirects(result: dict) -> None:
    lookup = result.get("paths", {}).get("/api/v1/articles/lookup/", {}).get("get")
    if lookup is None:
        return
    result["components"]["schemas"]["Redirect"] = REDIRECT
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/Redirect"}}}
    for status, what in (("301", "Moved for good"), ("302", "Moved for now")):
        lookup["responses"][status] = {"description": f"{what}: {REDIRECT['description']}"}
        lookup["responses"][status]["content"] = body


# Reads and writes limited to one site (blog.sites); authors are shared by every site.
SITE_SCOPED = ("/api/v1/articles/", "/api/v1/treatments/", "/api/v1/tags/", "/api/v1/sync/")
SITE_PARAMETER = {
    "name": "site",
    "in": "query",
    "required": False,
    "description": "The site to read, by hostname, hostname:port or id, when this server holds "
    "several. Without it, the site whose hostname the request was sent to, else the default "
    "site. A site that does not exist is a 404.",
    "schema": {"type": "string", "minLength": 1, "maxLength": MAX_SITE_PARAM_LENGTH},
}


def _add_site_parameter(path: str, operation: dict) -> None:
    if path.startswith(SITE_SCOPED) or path.endswith("/report/"):
        operation.setdefault("parameters", []).append(dict(SITE_PARAMETER))


def document_errors(result: dict, generator, request, public) -> dict:
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR
    _document_redirects(result)
    _describe_comment_input(result["components"]["schemas"])
    ref = {"$ref": "#/components/schemas/Error"}
    for path, operations in result.get("paths", {}).items():
        for method, operation in operations.items():
            _add_site_parameter(path, operation)
            for parameter in operation.get("parameters", []):
                schema = _parameter_schema(path, parameter)
                if schema is not None:
                    parameter["schema"] = dict(schema)
            responses = operation.setdefault("responses", {})
            for status in _error_statuses(path, method, operation):
                responses.setdefault(
                    status,
                    {
                        "description": DESCRIPTIONS[status],
                        "content": {"application/json": {"schema": ref}},
                    },
                )
    return result
