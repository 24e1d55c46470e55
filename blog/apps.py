from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _store_missing_articles(sender, **kwargs) -> None:
    # The stored articles' first build, and a catch-up after any import without signals.
    from blog.published.store import sync_missing

    sync_missing()


def _ensure_locales(sender, **kwargs) -> None:
    # A locale for each configured content language (blog.languages.locales).
    from blog.languages.locales import ensure_locales

    ensure_locales()


class BlogConfig(AppConfig):
    name = "blog"
    verbose_name = "Clinic blog"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from blog import events
        from blog.admin.article_editor import attach_article_editor
        from blog.changes import record_events
        from blog.delivery.purges import purge_affected
        from blog.delivery.webhooks import queue_deliveries
        from blog.governance.consent import on_consent_events
        from blog.published import store_signals
        from blog.published.cache_tags import renew_for_events
        from blog.signal_handlers import register_signal_handlers

        register_signal_handlers()
        store_signals.register()
        # Subscribers of the event stream, in order. The response cache's tags are renewed
        # before the change log moves the version, so no body outlives what it shows under
        # a new ETag; then the change log (versions, sync).
        events.subscribe(renew_for_events)
        events.subscribe(record_events)
        events.subscribe(queue_deliveries)
        events.subscribe(purge_affected)
        events.subscribe(on_consent_events)
        attach_article_editor()
        post_migrate.connect(_ensure_locales, sender=self)
        post_migrate.connect(_store_missing_articles, sender=self)
        # Failed background tasks are retried with backoff (a task_finished receiver).
        import cms.tasks  # noqa: F401
