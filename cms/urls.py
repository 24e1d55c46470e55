"""URL routes: the Wagtail admin, documents, and Wagtail's page serving (last)."""

import re

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from blog.site import password_forms
from cms.favicon import favicon
from cms.media_serving import serve_media
from cms.wagtail_api import wagtail_api_router

handler400 = "cms.errors.bad_request"
handler404 = "cms.errors.page_not_found"
handler500 = "cms.errors.server_error"

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    # Wagtail's password forms, with a return_url that cannot 500 (blog.site.password_forms).
    path(
        "_util/authenticate_with_password/<int:page_view_restriction_id>/<int:page_id>/",
        password_forms.page_password,
        name="wagtailcore_authenticate_with_password",
    ),
    path(
        "documents/authenticate_with_password/<int:restriction_id>/",
        password_forms.document_password,
        name="wagtaildocs_authenticate_with_password",
    ),
    path("documents/", include(wagtaildocs_urls)),
    path("favicon.ico", favicon),
    path("api/v1/", include("blog.api.urls")),
    path("_site/", include("blog.site.urls")),
    # Wagtail's own API, for Wagtail tooling; front ends use /api/v1/.
    path("api/v2/", wagtail_api_router.urls),
]

if settings.BENCHMARK_VIEWS:  # baselines for benchmarks/compare.py, never in production
    urlpatterns.append(path("bench/", include("cms.benchmark_views")))

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

if settings.MEDIA_URL.startswith("/"):
    # Images on local storage, with DEBUG on or off (cms.media_serving); a MEDIA_URL on
    # another host is served there.
    media_prefix = re.escape(settings.MEDIA_URL.lstrip("/"))
    urlpatterns.append(re_path(rf"^{media_prefix}(?P<path>.+)$", serve_media))

# Wagtail serves pages for every path not matched above, so it comes last: the default
# language's at the root, another language's under its code (/fr/…), as Wagtail's own
# page URLs name them.
if settings.WAGTAIL_I18N_ENABLED:
    urlpatterns += i18n_patterns(path("", include(wagtail_urls)), prefix_default_language=False)
else:
    urlpatterns += [path("", include(wagtail_urls))]
