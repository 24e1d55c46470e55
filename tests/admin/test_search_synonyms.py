"""Staff manage search synonyms in the admin (Snippets > Clinic > Search synonyms)."""

from django.urls import reverse

from blog.models import SynonymGroup


def test_staff_add_a_one_way_synonym_group(admin_client):
    url = reverse("wagtailsnippets_blog_synonymgroup:add")
    data = {"terms": "dermaroller, derma roller", "leads_to": "microneedling", "language": "en"}
    response = admin_client.post(url, data)
    assert response.status_code == 302
    group = SynonymGroup.objects.get()
    assert group.term_list() == ["dermaroller", "derma roller"]
    listing = admin_client.get(reverse("wagtailsnippets_blog_synonymgroup:list"))
    assert "dermaroller, derma roller" in listing.content.decode()


def test_a_two_way_group_needs_two_words(admin_client):
    url = reverse("wagtailsnippets_blog_synonymgroup:add")
    response = admin_client.post(url, {"terms": "sunblock", "leads_to": "", "language": "en"})
    assert response.status_code == 200
    assert "Give two or more words that mean the same" in response.content.decode()
    assert not SynonymGroup.objects.exists()
