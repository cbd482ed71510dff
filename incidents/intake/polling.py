"""Poll a feed, fetch an item: the same functions under Celery (tasks.py) and in-process (poll_feeds).

Exactly once, whoever runs them and however often:
- A poll or an item fetch first *claims* its row with one conditional UPDATE (a lease until a time).
  Two workers given the same feed: one claims it, the other skips. A worker killed mid-task leaves a
  lease that expires, and the dispatcher hands the work out again.
- Items are rows unique per (feed, key); the feed's ETag and Last-Modified are stored in the same
  transaction as the items they listed, so a poll killed half-way is simply done again.
- An item becomes an article through ``ingest_article``: the same URL or text is the same article, so
  an item fetched twice (a retry, a redelivered task) updates nothing.
- An unchanged feed costs one conditional request (304) and one UPDATE of its schedule; no fetch, item
  or article row is written.
Failures back off exponentially: a feed's next poll, an item's next attempt.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from ..article_files import ArticleFileError, ArticleInput
from ..ingest import IngestError, ingest_article
from ..models import Feed, FeedFetch, FeedItem
from .feeds import Listing, ListingError, parse_feed, parse_html_listing
from .fetching import FetchError, decoded_text, fetch
from .pages import PageError, read_article_page

logger = logging.getLogger(__name__)

ACCEPT = {
    Feed.Kind.RSS: "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5",
    Feed.Kind.HTML: "text/html, application/xhtml+xml;q=0.9, */*;q=0.5",
}
PAGE_ACCEPT = ACCEPT[Feed.Kind.HTML]
MAX_BACKOFF = dt.timedelta(days=1)


@dataclass
class PollResult:
    feed_id: int
    outcome: str  # "read" | "unchanged" | "failed" | "skipped" (another worker holds it)
    items_new: int = 0
    items_bad: int = 0
    message: str = ""
    due_items: list[int] = field(default_factory=list)  # items to fetch now


@dataclass
class ItemResult:
    item_id: int
    outcome: str  # "new" | "updated" | "unchanged" (the article) | "retry" | "failed" | "skipped"
    message: str = ""
    article_id: int | None = None


def _lease(now: dt.datetime) -> dt.datetime:
    return now + dt.timedelta(seconds=settings.INTAKE_LEASE_SECONDS)


def _free(now: dt.datetime) -> Q:
    return Q(lease_until__isnull=True) | Q(lease_until__lte=now)


def backoff(base: dt.timedelta, failures: int) -> dt.timedelta:
    """base, 2×base, 4×base … after 1, 2, 3 … failures in a row; at most a day."""
    return min(base * 2 ** max(0, min(failures - 1, 16)), MAX_BACKOFF)


# --- feeds ---


def poll_feed(feed_id: int) -> PollResult:
    """Read one feed (conditionally) and record the items it lists; the caller fetches ``due_items``."""
    now = timezone.now()
    lease = _lease(now)
    if not Feed.objects.filter(_free(now), pk=feed_id, enabled=True).update(lease_until=lease):
        return PollResult(feed_id, "skipped", message="disabled, unknown, or being polled by another worker")
    feed = Feed.objects.select_related("source").get(pk=feed_id)
    started = time.monotonic()
    response = None
    try:
        response = fetch(feed.url, etag=feed.etag, last_modified=feed.last_modified, accept=ACCEPT[feed.kind])
        body_hash = hashlib.sha256(response.body).hexdigest() if not response.not_modified else feed.body_hash
        if response.not_modified or body_hash == feed.body_hash:
            return _unchanged(feed, lease, now)
        listing = read_listing(feed, response)
    except (FetchError, ListingError, ArticleFileError) as exc:
        status = getattr(exc, "status", None) or (response.status if response else None)
        return _feed_failed(
            feed, lease, now, str(exc), status, started, len(response.body) if response else 0
        )
    return _feed_read(feed, lease, now, response, listing, body_hash, started)


def read_listing(feed: Feed, response) -> Listing:
    if feed.kind == Feed.Kind.HTML:
        return parse_html_listing(decoded_text(response), response.url, feed.link_pattern)
    return parse_feed(response.body, response.headers.get("content-type", ""))


def _unchanged(feed: Feed, lease, now) -> PollResult:
    # One UPDATE, nothing else: the schedule moves on, health says the feed answered.
    Feed.objects.filter(pk=feed.pk, lease_until=lease).update(
        last_checked_at=now,
        last_success_at=now,
        consecutive_failures=0,
        next_poll_at=now + dt.timedelta(minutes=feed.interval_minutes),
        lease_until=None,
    )
    return PollResult(feed.pk, "unchanged")


def _feed_failed(feed: Feed, lease, now, reason: str, status, started, size) -> PollResult:
    failures = feed.consecutive_failures + 1
    with transaction.atomic():
        FeedFetch.objects.create(
            feed=feed,
            started_at=now,
            duration_ms=int((time.monotonic() - started) * 1000),
            outcome=FeedFetch.Outcome.FAILED,
            http_status=status,
            bytes_read=size,
            message=reason[:2000],
        )
        Feed.objects.filter(pk=feed.pk).update(
            last_checked_at=now,
            last_error_at=now,
            last_error=reason[:2000],
            consecutive_failures=failures,
            next_poll_at=now + backoff(dt.timedelta(minutes=feed.interval_minutes), failures),
            lease_until=None,
        )
    return PollResult(feed.pk, "failed", message=reason)


def _feed_read(feed: Feed, lease, now, response, listing: Listing, body_hash: str, started) -> PollResult:
    keys = [e.key for e in listing.entries] + [p.key for p in listing.problems]
    with transaction.atomic():
        known = set(FeedItem.objects.filter(feed=feed, key__in=keys).values_list("key", flat=True))
        message = "; ".join([listing.warning] * bool(listing.warning) + [str(p) for p in listing.problems])
        fetch_row = FeedFetch.objects.create(
            feed=feed,
            started_at=now,
            duration_ms=int((time.monotonic() - started) * 1000),
            outcome=FeedFetch.Outcome.READ,
            http_status=response.status,
            bytes_read=len(response.body),
            items_listed=len(listing.entries),
            items_bad=len(listing.problems),
            message=message[:4000],
        )
        new = [
            FeedItem(
                feed=feed,
                key=e.key,
                url=e.url,
                title=e.title[:1000],
                published=e.published,
                text=e.text,
                fetch=fetch_row,
                next_attempt_at=now,
            )
            for e in listing.entries
            if e.key not in known
        ]
        bad = [
            FeedItem(
                feed=feed,
                key=p.key,
                title=p.title[:1000],
                fetch=fetch_row,
                status=FeedItem.Status.FAILED,
                last_error=p.reason,
            )
            for p in listing.problems
            if p.key not in known
        ]
        FeedItem.objects.bulk_create(new + bad, ignore_conflicts=True)
        items_new = FeedItem.objects.filter(fetch=fetch_row, status=FeedItem.Status.PENDING).count()
        FeedFetch.objects.filter(pk=fetch_row.pk).update(items_new=items_new)
        # Validators only for a listing read without doubt: a truncated feed is read in full next time.
        validators = {}
        if listing.complete:
            validators = {
                "etag": response.headers.get("etag", "")[:300],
                "last_modified": response.headers.get("last-modified", "")[:100],
                "body_hash": body_hash,
            }
        Feed.objects.filter(pk=feed.pk).update(
            last_checked_at=now,
            last_success_at=now,
            consecutive_failures=0,
            next_poll_at=now + dt.timedelta(minutes=feed.interval_minutes),
            lease_until=None,
            **validators,
        )
    due = list(due_items(now).filter(feed=feed).values_list("pk", flat=True))
    return PollResult(
        feed.pk, "read", items_new=items_new, items_bad=len(listing.problems), message=message, due_items=due
    )


# --- items ---


def due_items(now: dt.datetime):
    return FeedItem.objects.filter(
        _free(now), status=FeedItem.Status.PENDING, next_attempt_at__lte=now
    ).order_by("pk")


def fetch_item(item_id: int) -> ItemResult:
    """Fetch one item's article page and ingest it; a failure is recorded on the item, never raised."""
    now = timezone.now()
    lease = _lease(now)
    claimed = FeedItem.objects.filter(
        _free(now), pk=item_id, status=FeedItem.Status.PENDING, next_attempt_at__lte=now
    ).update(lease_until=lease, attempts=F("attempts") + 1)
    if not claimed:
        return ItemResult(item_id, "skipped")
    item = FeedItem.objects.select_related("feed__source").get(pk=item_id)
    try:
        article = article_input(item)
        outcome = ingest_article(article, source=item.feed.source)
    except FetchError as exc:
        return _item_failed(item, now, str(exc), transient=exc.transient)
    except (PageError, IngestError, ArticleFileError) as exc:
        return _item_failed(item, now, str(exc), transient=False)
    except Exception as exc:  # one item's bug is that item's: recorded, retried, the feed goes on
        logger.warning("feed item %s failed", item_id, exc_info=True)
        return _item_failed(
            item, now, f"internal error ({type(exc).__name__}: {str(exc)[:200]})", transient=True
        )
    FeedItem.objects.filter(pk=item_id, status=FeedItem.Status.PENDING).update(
        status=FeedItem.Status.DONE,
        article=outcome.article,
        done_at=timezone.now(),
        last_error="",
        lease_until=None,
    )
    return ItemResult(item_id, outcome.status, article_id=outcome.article.pk)


def article_input(item: FeedItem) -> ArticleInput:
    """The item's article: its page read through trafilatura, or the item's own text if it has no link."""
    language = item.feed.language or None
    if not item.url:
        return ArticleInput(
            text=item.text, title=item.title, published=item.published, language=language, origin=item.key
        )
    response = fetch(item.url, accept=PAGE_ACCEPT)
    article = read_article_page(
        response, url=item.url, title=item.title, published=item.published, item_text=item.text
    )
    article.language = language
    article.origin = item.url
    return article


def _item_failed(item: FeedItem, now, reason: str, *, transient: bool) -> ItemResult:
    attempts = item.attempts  # already counted by the claim
    if transient and attempts < settings.INTAKE_ITEM_ATTEMPTS:
        wait = backoff(dt.timedelta(seconds=settings.INTAKE_RETRY_SECONDS), attempts)
        FeedItem.objects.filter(pk=item.pk, status=FeedItem.Status.PENDING).update(
            last_error=reason[:2000], next_attempt_at=now + wait, lease_until=None
        )
        return ItemResult(item.pk, "retry", message=reason)
    if transient:
        reason = f"{reason} (gave up after {attempts} attempts)"
    FeedItem.objects.filter(pk=item.pk, status=FeedItem.Status.PENDING).update(
        status=FeedItem.Status.FAILED, last_error=reason[:2000], done_at=now, lease_until=None
    )
    return ItemResult(item.pk, "failed", message=reason)


def retry_item(item: FeedItem) -> None:
    """An analyst's "try again": a failed item goes back in the queue with its attempts reset."""
    FeedItem.objects.filter(pk=item.pk).exclude(status=FeedItem.Status.DONE).update(
        status=FeedItem.Status.PENDING, attempts=0, next_attempt_at=timezone.now(), lease_until=None
    )


# --- scheduling ---


def due_feeds(now: dt.datetime):
    return Feed.objects.filter(
        _free(now), Q(next_poll_at__isnull=True) | Q(next_poll_at__lte=now), enabled=True
    ).order_by("next_poll_at", "pk")


def dispatch(enqueue_poll: Callable[[int], object], enqueue_item: Callable[[int], object]) -> tuple[int, int]:
    """Hand out what is due (beat calls this every INTAKE_DISPATCH_SECONDS): feeds whose poll is due,
    items waiting or due for a retry, and work whose worker died (its lease ran out). Work handed out
    and not yet started is not handed out again until a lease's time has passed."""
    now = timezone.now()
    stale = Q(dispatched_at__isnull=True) | Q(
        dispatched_at__lte=now - dt.timedelta(seconds=settings.INTAKE_LEASE_SECONDS)
    )
    feeds = list(due_feeds(now).filter(stale).values_list("pk", flat=True))
    items = list(due_items(now).filter(stale).values_list("pk", flat=True)[:5000])
    Feed.objects.filter(pk__in=feeds).update(dispatched_at=now)
    mark_dispatched(items, now)
    for pk in feeds:
        enqueue_poll(pk)
    for pk in items:
        enqueue_item(pk)
    return len(feeds), len(items)


def mark_dispatched(item_ids: Iterable[int], now: dt.datetime | None = None) -> None:
    ids = list(item_ids)
    for start in range(0, len(ids), 500):
        FeedItem.objects.filter(pk__in=ids[start : start + 500]).update(dispatched_at=now or timezone.now())


def run_due(*, feed_ids: list[int] | None = None, force: bool = False, on_item=None) -> Counter:
    """In-process: poll the due feeds (or ``feed_ids``; ``force`` ignores their schedule), then fetch every
    item that is due. Returns counts for a summary line; ``on_item`` is called after each item."""
    counts: Counter = Counter()
    now = timezone.now()
    feeds = Feed.objects.filter(enabled=True) if force or feed_ids else due_feeds(now)
    if feed_ids:
        feeds = feeds.filter(pk__in=feed_ids)
    for feed_id in list(feeds.values_list("pk", flat=True)):
        result = poll_feed(feed_id)
        counts[f"feeds_{result.outcome}"] += 1
        counts["items_listed_new"] += result.items_new
        counts["items_bad"] += result.items_bad
    items = due_items(timezone.now())
    if feed_ids:
        items = items.filter(feed_id__in=feed_ids)
    pending = list(items.values_list("pk", flat=True))
    counts["items_due"] = len(pending)
    for item_id in pending:
        result = fetch_item(item_id)
        counts[f"items_{result.outcome}"] += 1
        if on_item:
            on_item(result)
    return counts


def seconds_until_due(cap: float = 60.0) -> float:
    """How long the in-process loop may sleep: until the next feed or item is due, at most ``cap``."""
    now = timezone.now()
    nexts = [
        Feed.objects.filter(enabled=True, next_poll_at__isnull=False)
        .order_by("next_poll_at")
        .values_list("next_poll_at", flat=True)
        .first(),
        FeedItem.objects.filter(status=FeedItem.Status.PENDING)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first(),
    ]
    if Feed.objects.filter(enabled=True, next_poll_at__isnull=True).exists():
        return 0.0
    waits = [(t - now).total_seconds() for t in nexts if t is not None]
    return max(0.0, min([cap, *waits]))
