"""Rate limits on what readers send, shared by the API and the website's own forms: a reader
has one budget whichever way they post or report."""

from __future__ import annotations

from rest_framework.throttling import SimpleRateThrottle

from blog.comments.clients import client_ip, ip_hash


class ClientThrottle(SimpleRateThrottle):
    """Per client (an IPv4 address or an IPv6 /64), from the trusted-proxy chain
    (blog.comments.clients), keyed by its hash."""

    scope = "comments_client"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": ip_hash(client_ip(request))}


class ArticleThrottle(SimpleRateThrottle):
    scope = "comments_article"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": view.kwargs.get("slug", "")}


class ReportThrottle(ClientThrottle):
    """Reports have a budget of their own: they must not use up a reader's comments, and a
    script must not flag a whole thread."""

    scope = "comments_report"
