"""Admin login brute-force protection (django-axes), read from the environment.

Imported by cms.settings.base; kept apart so each settings module holds one concern.
"""

from datetime import timedelta

import environ

env = environ.Env()

# Admin login brute-force protection (django-axes): after AXES_FAILURE_LIMIT failures for a
# username from one client address, that pair is locked out for AXES_COOLOFF_MINUTES. The
# address is found as the comment throttle finds it (COMMENTS_TRUSTED_PROXIES).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_CLIENT_IP_CALLABLE = "blog.comments.clients.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
