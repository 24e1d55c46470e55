from django.apps import AppConfig


class CmsConfig(AppConfig):
    """The project's own wiring: its system checks (cms.deploy_checks)."""

    name = "cms"
    verbose_name = "Clinic CMS"

    def ready(self) -> None:
        from cms import deploy_checks  # noqa: F401  (registers the checks)
