"""Clinic staff manage treatments and authors in the admin: create, search and reorder."""

from django.urls import reverse

from blog.models import Author, Treatment
from tests.factories import AuthorFactory, TreatmentFactory


def test_create_treatment_derives_the_slug(admin_client):
    url = reverse("wagtailsnippets_blog_treatment:add")
    response = admin_client.post(
        url, {"name": "LED light therapy", "slug": "", "summary": "Calms redness."}
    )
    assert response.status_code == 302
    assert Treatment.objects.get().slug == "led-light-therapy"


def test_duplicate_treatment_name_is_a_form_error(admin_client):
    TreatmentFactory(name="Chemical peel", slug="chemical-peel")
    url = reverse("wagtailsnippets_blog_treatment:add")
    response = admin_client.post(url, {"name": "Chemical peel", "slug": ""})
    assert response.status_code == 200
    assert Treatment.objects.count() == 1


def test_treatment_listing_search(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):  # search indexing runs on commit
        TreatmentFactory(name="Microneedling")
        TreatmentFactory(name="Chemical peel")
    url = reverse("wagtailsnippets_blog_treatment:list")
    html = admin_client.get(url, {"q": "microneedling"}).content.decode()
    assert "Microneedling" in html
    assert "Chemical peel" not in html


def test_author_listing_search_by_role(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        AuthorFactory(name="Sam Lee", role="Clinic nurse")
        AuthorFactory(name="Ana Ruiz", role="Skin therapist")
    html = admin_client.get(
        reverse("wagtailsnippets_blog_author:list"), {"q": "nurse"}
    ).content.decode()
    assert "Sam Lee" in html and "Ana Ruiz" not in html


def test_staff_reorder_treatments_by_drag_and_drop(admin_client):
    first, second, third = (TreatmentFactory(name=n) for n in ("A", "B", "C"))
    for position, treatment in enumerate((first, second, third)):
        Treatment.objects.filter(pk=treatment.pk).update(sort_order=position)
    url = reverse("wagtailsnippets_blog_treatment:reorder", args=[third.pk])
    response = admin_client.post(f"{url}?position=0")
    assert response.status_code == 200
    assert [t.name for t in Treatment.objects.all()] == ["C", "A", "B"]


def test_new_authors_go_to_the_end_of_the_order(admin_client):
    AuthorFactory(name="First", sort_order=0)
    url = reverse("wagtailsnippets_blog_author:add")
    response = admin_client.post(url, {"name": "Second", "role": "Nurse", "slug": ""})
    assert response.status_code == 302
    assert [a.name for a in Author.objects.all()] == ["First", "Second"]
