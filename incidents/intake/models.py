"""Feeds, the items they listed and each poll, as data; and the MinHash bands of every article.

Imported by ``incidents.models`` (Django finds an app's models there). The database, not the queue, is
the truth about what is due and what is done: a lost task message only delays work, and a task run
twice finds its work already done.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Feed(models.Model):
    """One outlet's feed (RSS/Atom) or listing page (HTML links matching a pattern), polled on an interval."""

    class Kind(models.TextChoices):
        RSS = "rss", _("RSS/Atom feed")
        HTML = "html", _("HTML listing page")

    source = models.ForeignKey(
        "incidents.Source",
        verbose_name=_("outlet"),
        on_delete=models.PROTECT,
        related_name="feeds",
    )
    url = models.URLField(_("url"), max_length=1000, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.RSS)
    link_pattern = models.CharField(
        _("link pattern"),
        max_length=300,
        blank=True,
        help_text=_("HTML listing pages: a regular expression the article links match (e.g. /news/\\d+)."),
    )
    language = models.CharField(
        _("language"), max_length=8, blank=True, help_text=_("Empty: detected per article.")
    )
    interval_minutes = models.PositiveIntegerField(_("polling interval (minutes)"), default=30)
    enabled = models.BooleanField(_("enabled"), default=True)
    # conditional-request state: an unchanged feed costs one request that answers 304
    etag = models.CharField(_("ETag"), max_length=300, blank=True)
    last_modified = models.CharField(_("Last-Modified"), max_length=100, blank=True)
    body_hash = models.CharField(
        _("body hash"), max_length=64, blank=True, help_text=_("Servers without ETag: same bytes, no work.")
    )
    # health
    last_checked_at = models.DateTimeField(_("last checked"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last success"), null=True, blank=True)
    last_error_at = models.DateTimeField(_("last error at"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    consecutive_failures = models.PositiveIntegerField(_("consecutive failures"), default=0)
    # scheduling: when the next poll is due; a poll in progress holds a lease so nobody else polls it
    next_poll_at = models.DateTimeField(_("next poll"), null=True, blank=True, db_index=True)
    dispatched_at = models.DateTimeField(null=True, blank=True, editable=False)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("feed")
        verbose_name_plural = _("feeds")
        ordering = ["source__name_en", "url"]

    def __str__(self) -> str:
        return f"{self.source} · {self.url}"


class FeedFetch(models.Model):
    """One poll of a feed that read something or failed (a 304 only moves the feed's next poll)."""

    class Outcome(models.TextChoices):
        READ = "read", _("read")
        UNCHANGED = "unchanged", _("unchanged")
        FAILED = "failed", _("failed")

    feed = models.ForeignKey(Feed, verbose_name=_("feed"), on_delete=models.CASCADE, related_name="fetches")
    started_at = models.DateTimeField(_("started at"), db_index=True)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    http_status = models.PositiveSmallIntegerField(_("HTTP status"), null=True, blank=True)
    bytes_read = models.PositiveIntegerField(_("bytes"), default=0)
    items_listed = models.PositiveIntegerField(_("items listed"), default=0)
    items_new = models.PositiveIntegerField(_("new items"), default=0)
    items_bad = models.PositiveIntegerField(_("bad items"), default=0)
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("feed fetch")
        verbose_name_plural = _("feed fetches")
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"{self.feed_id} @ {self.started_at:%Y-%m-%d %H:%M}: {self.outcome}"


class FeedItem(models.Model):
    """An item a feed listed: its article page is fetched once and ingested, or it failed with a reason."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        DONE = "done", _("ingested")
        FAILED = "failed", _("failed")

    feed = models.ForeignKey(Feed, verbose_name=_("feed"), on_delete=models.CASCADE, related_name="items")
    key = models.CharField(_("key"), max_length=1000, help_text=_("The item's guid, else its link."))
    url = models.URLField(_("url"), max_length=1000, blank=True)
    title = models.CharField(_("title"), max_length=1000, blank=True)
    published = models.DateField(_("published"), null=True, blank=True)
    text = models.TextField(_("text in the feed"), blank=True)
    fetch = models.ForeignKey(
        FeedFetch,
        verbose_name=_("first listed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="items",
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("reason"), blank=True)
    article = models.ForeignKey(
        "incidents.Article",
        verbose_name=pgettext_lazy("field", "article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="feed_items",
    )
    first_seen_at = models.DateTimeField(_("first seen"), auto_now_add=True, db_index=True)
    done_at = models.DateTimeField(_("done at"), null=True, blank=True)
    dispatched_at = models.DateTimeField(null=True, blank=True, editable=False)
    lease_until = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("feed item")
        verbose_name_plural = _("feed items")
        ordering = ["-first_seen_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["feed", "key"], name="feed_item_unique_key")]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], condition=Q(status="pending"), name="item_due")
        ]

    def __str__(self) -> str:
        return self.title or self.url or self.key


class ArticleBand(models.Model):
    """One LSH band of an article's MinHash signature: articles sharing a band are compared in full."""

    article = models.ForeignKey(
        "incidents.Article", on_delete=models.CASCADE, related_name="bands", verbose_name=_("article")
    )
    band = models.BigIntegerField(_("band"))

    class Meta:
        verbose_name = _("article band")
        verbose_name_plural = _("article bands")
        indexes = [models.Index(fields=["band"])]

    def __str__(self) -> str:
        return f"{self.article_id}:{self.band}"
