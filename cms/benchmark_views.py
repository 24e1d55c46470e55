"""Baselines for the benchmark (benchmarks/compare.py), mounted at /bench/ only when the
BENCHMARK_VIEWS setting is on: the framework's limit (a bare Django JSON view, no database)
and a plain DRF list of an article's approved comments (one query, a ModelSerializer), the
simplest way one would write what /api/v1/articles/SLUG/comments/ serves."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.urls import path
from rest_framework import generics, serializers

from blog.models import ReaderComment

PAYLOAD = {"status": "ok", "items": [{"id": n, "name": f"item {n}"} for n in range(20)]}


def bare_json(request: HttpRequest) -> JsonResponse:
    return JsonResponse(PAYLOAD)


class PlainCommentSerializer(serializers.ModelSerializer):
    class Meta:
        model = ReaderComment
        fields = ["id", "parent", "author_name", "body_html", "created_at", "is_staff_reply"]


class PlainCommentList(generics.ListAPIView):
    serializer_class = PlainCommentSerializer
    pagination_class = None

    def get_queryset(self):
        return ReaderComment.objects.filter(
            article__slug=self.kwargs["slug"], status=ReaderComment.Status.APPROVED
        ).order_by("created_at")[:20]


urlpatterns = [
    path("json/", bare_json, name="bench-json"),
    path("drf-comments/<slug:slug>/", PlainCommentList.as_view(), name="bench-drf-comments"),
]
