"""The Celery app: feed polling on workers, the dispatcher on beat. Used only when CELERY_BROKER_URL is
set; `manage.py poll_feeds` runs the same code without a broker.

    celery -A config.celery worker --loglevel=INFO
    celery -A config.celery beat --loglevel=INFO
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("incidents")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks(["incidents.intake"])


@app.on_after_finalize.connect
def schedule_dispatcher(sender, **kwargs):
    """Beat hands out due feeds and items every INTAKE_DISPATCH_SECONDS (feeds' own intervals are data)."""
    from django.conf import settings

    sender.add_periodic_task(
        settings.INTAKE_DISPATCH_SECONDS,
        sender.tasks["intake.dispatch"].s(),
        name="dispatch due feeds and items",
    )
