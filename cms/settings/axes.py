"""Admin login brute-force protection (django-axes), read from the environment.

Imported by cms.settings.base; kept apart so each settings module holds one concern.
"""

from datetime import timedelta

import environ

env = environ.Env()

# Admin login brute-force protection (django-axes, with the layered handler of
# cms/login_lockout.py). Failed logins are counted three ways, each with its own limit within
# AXES_COOLOFF_MINUTES: one username from one client address (AXES_FAILURE_LIMIT), one
# username from any address (LOGIN_FAILURE_LIMIT_PER_USERNAME) and any username from one
# address (LOGIN_FAILURE_LIMIT_PER_ADDRESS). The wide two never hold a username at an address
# it logged in from in the last LOGIN_KNOWN_ADDRESS_DAYS. The address is found as the comment
# throttle finds it (COMMENTS_TRUSTED_PROXIES).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "cms.login_lockout.LayeredLockoutHandler"
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "username", "ip_address"]
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
LOGIN_FAILURE_LIMIT_PER_USERNAME = env.int("LOGIN_FAILURE_LIMIT_PER_USERNAME", default=10)
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env.int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", default=20)
LOGIN_KNOWN_ADDRESS_DAYS = env.int("LOGIN_KNOWN_ADDRESS_DAYS", default=90)
# A lock ends this long after the failure that set it; attempts while locked neither count
# nor extend it, so nobody can keep a real user locked out by trying on.
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "cms.login_lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "blog.comments.clients.client_ip"
AXES_RESET_ON_SUCCESS = True
# Successful logins are kept: they make an address known for a username (above).
AXES_DISABLE_ACCESS_LOG = False
AXES_VERBOSE = False
