"""Celery tasks: thin wrappers over polling.py, which holds every rule (leases, retries, backoff)."""

from config.celery import app

from . import polling


@app.task(name="intake.dispatch")
def dispatch() -> tuple[int, int]:
    """Beat's periodic task: queue a poll per due feed and a fetch per due item."""
    return polling.dispatch(enqueue_poll=poll_feed.delay, enqueue_item=fetch_article.delay)


@app.task(name="intake.poll_feed")
def poll_feed(feed_id: int) -> str:
    result = polling.poll_feed(feed_id)
    polling.mark_dispatched(result.due_items)
    for item_id in result.due_items:
        fetch_article.delay(item_id)
    return result.outcome


@app.task(name="intake.fetch_article")
def fetch_article(item_id: int) -> str:
    return polling.fetch_item(item_id).outcome
