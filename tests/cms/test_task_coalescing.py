"""An article created and published in one transaction is indexed once, not once per save,
with the in-process backends and with production's database queue alike."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.dispatch import receiver
from django_tasks.signals import task_finished
from django_tasks_db.models import DBTaskResult

from blog.models import ArticlePage
from tests.factories import ArticlePageFactory, AuthorFactory


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """One transaction of `action`, committed: its on-commit work (the tasks) runs at the end.
    (The test's own transaction stays open, as Django's tests do.)"""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
            return action()

    return run


SEARCH = "modelsearch.tasks.insert_or_update_object_task"
REFERENCES = "wagtail.tasks.update_reference_index_task"


@pytest.fixture
def runs():
    """(task path, pk) of every task that ran, in order."""
    ran: list[tuple[str, int]] = []

    @receiver(task_finished)
    def note(sender, task_result, **kwargs):
        # Wagtail and modelsearch pass the object's pk as a string.
        pk = int(task_result.args[-1]) if task_result.args else None
        ran.append((task_result.task.module_path, pk))

    yield ran
    task_finished.disconnect(note)


def write_and_publish(index, title: str) -> ArticlePage:
    """What the admin and the WordPress import do: add_child, save_revision, publish."""
    article = ArticlePageFactory.build(title=title, live=False, author=AuthorFactory())
    index.add_child(instance=article)
    article.save_revision().publish()
    return article


def test_three_saves_in_one_transaction_index_the_page_once(index, runs, commit):
    def write():
        article = write_and_publish(index, "Retinol and peels")
        article.title = "Retinol with glycolic acid"
        article.save_revision().publish()
        return article

    article = commit(write)
    assert runs.count((SEARCH, article.pk)) == 1
    assert runs.count((REFERENCES, article.pk)) == 1
    found = ArticlePage.objects.live().search("glycolic")  # the state at commit was indexed
    assert [page.pk for page in found] == [article.pk]


def test_each_transaction_and_each_object_is_indexed(index, runs, commit):
    first, second = commit(
        lambda: (
            write_and_publish(index, "Peel aftercare"),
            write_and_publish(index, "Laser aftercare"),
        )
    )

    def edit():
        first.title = "Peel aftercare, week two"
        first.save_revision().publish()

    commit(edit)
    assert runs.count((SEARCH, first.pk)) == 2
    assert runs.count((SEARCH, second.pk)) == 1


def test_a_rolled_back_savepoint_forgets_what_it_enqueued(index, runs, commit):
    article = commit(lambda: write_and_publish(index, "Microneedling at home"))
    runs.clear()

    def edit():
        try:
            with transaction.atomic():
                article.title = "Microneedling at home: a warning"
                article.save()
                raise RuntimeError("the editor's change failed")
        except RuntimeError:
            pass
        article.refresh_from_db()
        article.title = "Microneedling at home, done gently"
        article.save()

    commit(edit)
    assert runs.count((SEARCH, article.pk)) == 1  # enqueued again after the rollback
    assert [p.pk for p in ArticlePage.objects.search("gently")] == [article.pk]


def test_the_database_queue_stores_one_task_per_object_per_transaction(index, settings):
    settings.TASKS = {"default": {"BACKEND": "cms.tasks.CoalescingDatabaseBackend"}}
    with transaction.atomic():
        article = write_and_publish(index, "Hydrafacial aftercare")
        article.save_revision().publish()

    stored = DBTaskResult.objects.filter(task_path=SEARCH, args_kwargs__args__2=str(article.pk))
    assert stored.count() == 1  # one for the transaction, not one per save (five)
