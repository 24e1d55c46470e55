"""Webhooks to front ends (blog.delivery), read from the environment.

Imported by cms.settings.base; kept apart so each settings module holds one concern.
"""

import environ

env = environ.Env()

# Seconds a receiver has to answer one delivery attempt.
WEBHOOKS_TIMEOUT = env.int("WEBHOOKS_TIMEOUT", default=10)
# Failed attempts in a row (six make one delivery's retries) before an endpoint is switched
# off and administrators are mailed.
WEBHOOKS_DISABLE_AFTER_FAILURES = env.int("WEBHOOKS_DISABLE_AFTER_FAILURES", default=12)
# Loopback, private and link-local targets are refused unless this is set (local receivers
# in development and tests).
WEBHOOKS_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOKS_ALLOW_PRIVATE_TARGETS", default=False)
