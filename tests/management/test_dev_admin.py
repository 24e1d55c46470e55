"""The local admin login printed by `dev.py up` exists only in development."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command


def test_refused_when_debug_is_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        call_command("create_dev_admin")
    assert not get_user_model().objects.exists()


def log_in(client, password: str) -> bool:
    """Through the admin's login form, as a person does (django-axes needs the request)."""
    client.logout()
    response = client.post("/admin/login/", {"username": "admin", "password": password})
    return response.status_code == 302 and "_auth_user_id" in client.session


def test_creates_a_superuser_with_a_printed_random_password(db, settings, capsys, client):
    settings.DEBUG = True
    call_command("create_dev_admin")
    password = capsys.readouterr().out.strip().rsplit(" / ", 1)[1]
    assert len(password) >= 12
    assert log_in(client, password)

    call_command("create_dev_admin")  # a second run keeps the password
    assert "password unchanged" in capsys.readouterr().out
    assert log_in(client, password)


def test_the_local_admin_replies_to_comments_as_an_author(db, settings):
    from blog.models import Author
    from tests.factories import AuthorFactory

    settings.DEBUG = True
    taken = AuthorFactory(name="Has a login")
    taken.user = get_user_model().objects.create_user("someone")
    taken.save()
    free = AuthorFactory(name="Dr Free")
    call_command("create_dev_admin")
    admin = get_user_model().objects.get(username="admin")
    assert Author.objects.get(user=admin) == free
