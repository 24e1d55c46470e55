"""Registers the blog's admin features with Wagtail."""

from wagtail.snippets.models import register_snippet

from blog.snippet_views import ClinicSnippetGroup

register_snippet(ClinicSnippetGroup)
