"""WSGI entry point for production servers (e.g. `gunicorn cms.wsgi`)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.base")

application = get_wsgi_application()
