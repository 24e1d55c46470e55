"""URL routes: the Wagtail admin, documents, and Wagtail's page serving (last)."""

from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from blog.site import password_forms
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
    path("api/v1/", include("blog.api.urls")),
    path("_site/", include("blog.site.urls")),
    # Wagtail's own API, for Wagtail tooling; front ends use /api/v1/.
    path("api/v2/", wagtail_api_router.urls),
]

if settings.BENCHMARK_VIEWS:  # baselines for benchmarks/compare.py, never in production
    urlpatterns.append(path("bench/", include("cms.benchmark_views")))

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves pages for every path not matched above, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]
