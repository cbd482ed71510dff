"""gunicorn settings for `make serve`: the production server on one machine (whitenoise serves /static/).

Workers are processes (one per core, plus one); each runs a few threads, so a slow export does not hold
up the map. Every thread keeps one database connection for DB_CONN_MAX_AGE seconds (default 60 here):
with PostgreSQL, workers × threads must stay under its max_connections (100 by default).
Override any of these on the command line or with GUNICORN_* environment variables.
"""

import multiprocessing
import os

bind = os.environ.get(
    "GUNICORN_BIND", f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
)
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))  # a whole-selection export at 100 k takes seconds
graceful_timeout = 30
keepalive = 5
max_requests = 2000  # recycle workers now and then: bounded memory over months
max_requests_jitter = 200
accesslog = os.environ.get("GUNICORN_ACCESSLOG", "-") or None  # empty: no access log
errorlog = "-"
wsgi_app = "config.wsgi:application"
raw_env = [f"DB_CONN_MAX_AGE={os.environ.get('DB_CONN_MAX_AGE', '60')}"]
