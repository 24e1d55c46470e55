"""drf-spectacular hooks: the published schema covers the content API only."""


def only_content_api(endpoints: list) -> list:
    # Wagtail's admin API and API v2 are documented by Wagtail itself.
    return [endpoint for endpoint in endpoints if endpoint[0].startswith("/api/v1/")]
