"""The admin for feeds: Editors and Admins add and tune them, everyone with access sees their health.

A feed's page shows its recent polls and the items they brought (with the article, or the reason an
item failed). Nothing here fetches over HTTP inside a request: "Poll now" makes a feed due, and the
worker or `poll_feeds` does the rest.
"""

import datetime as dt
import re

from django import forms
from django.contrib import admin, messages
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from ..models import Feed, FeedFetch, FeedItem
from . import polling

RECENT_FETCHES = 15
RECENT_ITEMS = 40


class FeedForm(forms.ModelForm):
    url = forms.URLField(label=_("url"), max_length=1000, assume_scheme="https")

    class Meta:
        model = Feed
        fields = ["source", "url", "kind", "link_pattern", "language", "interval_minutes", "enabled"]

    def clean_link_pattern(self):
        pattern = self.cleaned_data.get("link_pattern", "")
        try:
            re.compile(pattern)
        except re.error as exc:
            raise forms.ValidationError(
                _("Not a valid regular expression: %(error)s") % {"error": exc}
            ) from exc
        return pattern

    def clean(self):
        data = super().clean()
        if data.get("kind") == Feed.Kind.HTML and not data.get("link_pattern"):
            self.add_error(
                "link_pattern", _("An HTML listing page needs the pattern its article links match.")
            )
        if data.get("interval_minutes") is not None and data["interval_minutes"] < 1:
            self.add_error("interval_minutes", _("At least one minute."))
        return data


class HealthFilter(admin.SimpleListFilter):
    title = _("health")
    parameter_name = "health"

    def lookups(self, request, model_admin):
        return [("failing", _("Failing")), ("ok", _("Answering"))]

    def queryset(self, request, queryset):
        if self.value() == "failing":
            return queryset.filter(consecutive_failures__gt=0)
        if self.value() == "ok":
            return queryset.filter(consecutive_failures=0)
        return queryset


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    form = FeedForm
    list_display = (
        "url",
        "source",
        "kind",
        "enabled",
        "interval_minutes",
        "last_success_at",
        "consecutive_failures",
        "items_per_day",
        "articles",
        "failed_items",
        "short_error",
    )
    list_filter = (HealthFilter, "enabled", "kind", "source")
    search_fields = ("url", "source__name_en", "source__name_ar")
    list_select_related = ("source",)
    actions = ["poll_now", "enable", "disable"]
    readonly_fields = (
        "last_checked_at",
        "last_success_at",
        "last_error_at",
        "last_error",
        "consecutive_failures",
        "next_poll_at",
        "etag",
        "last_modified",
        "created_at",
        "recent_fetches",
        "recent_items",
    )
    fieldsets = (
        (
            None,
            {"fields": ("source", "url", "kind", "link_pattern", "language", "interval_minutes", "enabled")},
        ),
        (
            _("Health"),
            {
                "fields": (
                    "last_checked_at",
                    "last_success_at",
                    ("last_error_at", "consecutive_failures"),
                    "last_error",
                    "next_poll_at",
                    ("etag", "last_modified"),
                    "created_at",
                )
            },
        ),
        (_("Recent polls"), {"fields": ("recent_fetches",)}),
        (_("Items and the articles they brought"), {"fields": ("recent_items",)}),
    )

    def get_queryset(self, request):
        week_ago = timezone.now() - dt.timedelta(days=7)
        return (
            super()
            .get_queryset(request)
            .annotate(
                n_week=Count(
                    "items",
                    filter=Q(items__first_seen_at__gte=week_ago, items__status__in=["pending", "done"]),
                ),
                n_articles=Count("items", filter=Q(items__status="done")),
                n_failed=Count("items", filter=Q(items__status="failed")),
            )
        )

    @admin.display(description=_("items per day (last 7 days)"), ordering="n_week")
    def items_per_day(self, obj):
        return f"{obj.n_week / 7:.1f}"

    @admin.display(description=_("articles"), ordering="n_articles")
    def articles(self, obj):
        return obj.n_articles

    @admin.display(description=_("failed items"), ordering="n_failed")
    def failed_items(self, obj):
        if not obj.n_failed:
            return 0
        url = (
            reverse("admin:incidents_feeditem_changelist") + f"?feed__id__exact={obj.pk}&status__exact=failed"
        )
        return format_html('<a href="{}">{}</a>', url, obj.n_failed)

    @admin.display(description=_("last error"))
    def short_error(self, obj):
        return (obj.last_error[:80] + "…") if len(obj.last_error) > 80 else obj.last_error

    @admin.display(description=_("Recent polls"))
    def recent_fetches(self, obj):
        if obj.pk is None:
            return "—"
        rows = FeedFetch.objects.filter(feed=obj)[:RECENT_FETCHES]
        if not rows:
            return _("Not polled yet (a poll that finds the feed unchanged is not listed).")
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>HTTP</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead>"
            "<tbody>{}</tbody></table>",
            _("when"),
            _("outcome"),
            _("items listed"),
            _("new items"),
            _("bad items"),
            _("message"),
            format_html_join(
                "",
                '<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td dir="auto">{}</td></tr>',
                (
                    (
                        timezone.localtime(f.started_at).strftime("%Y-%m-%d %H:%M"),
                        f.get_outcome_display(),
                        f.http_status or "—",
                        f.items_listed,
                        f.items_new,
                        f.items_bad,
                        f.message[:300],
                    )
                    for f in rows
                ),
            ),
        )

    @admin.display(description=_("Items and the articles they brought"))
    def recent_items(self, obj):
        if obj.pk is None:
            return "—"
        items = FeedItem.objects.filter(feed=obj).select_related("article")[:RECENT_ITEMS]
        if not items:
            return "—"
        return format_html(
            "<table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>{}</tbody></table>",
            _("first seen"),
            _("status"),
            _("article"),
            _("reason"),
            format_html_join(
                "",
                '<tr><td>{}</td><td>{}</td><td dir="auto">{}</td><td dir="auto">{}</td></tr>',
                (
                    (
                        timezone.localtime(i.first_seen_at).strftime("%Y-%m-%d %H:%M"),
                        i.get_status_display(),
                        format_html(
                            '<a href="{}">{}</a>',
                            reverse("admin:incidents_article_change", args=[i.article_id]),
                            i.article.title or i.article_id,
                        )
                        if i.article_id
                        else (i.title or i.url or i.key)[:120],
                        i.last_error[:200],
                    )
                    for i in items
                ),
            ),
        )

    @admin.action(description=_("Poll now"), permissions=["change"])
    def poll_now(self, request, queryset):
        n = queryset.update(next_poll_at=timezone.now(), dispatched_at=None)
        self.message_user(
            request,
            _("%(n)d feed(s) will be polled by the next round of the poller.") % {"n": n},
            messages.SUCCESS,
        )

    @admin.action(description=_("Enable"), permissions=["change"])
    def enable(self, request, queryset):
        queryset.update(enabled=True)

    @admin.action(description=_("Disable"), permissions=["change"])
    def disable(self, request, queryset):
        queryset.update(enabled=False)


@admin.register(FeedItem)
class FeedItemAdmin(admin.ModelAdmin):
    """Items are written by the poller; analysts read them and send failed ones back to the queue."""

    list_display = ("title_or_url", "feed", "status", "attempts", "first_seen_at", "article", "last_error")
    list_filter = ("status", "feed")
    search_fields = ("title", "url", "last_error")
    list_select_related = ("feed__source", "article")
    raw_id_fields = ("feed", "article", "fetch")
    actions = ["try_again"]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in FeedItem._meta.fields]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("title"))
    def title_or_url(self, obj):
        return (obj.title or obj.url or obj.key)[:120]

    @admin.action(description=_("Try again"), permissions=["change"])
    def try_again(self, request, queryset):
        n = 0
        for item in queryset.exclude(status=FeedItem.Status.DONE):
            polling.retry_item(item)
            n += 1
        self.message_user(request, _("%(n)d item(s) back in the queue.") % {"n": n}, messages.SUCCESS)


@admin.register(FeedFetch)
class FeedFetchAdmin(admin.ModelAdmin):
    list_display = (
        "feed",
        "started_at",
        "outcome",
        "http_status",
        "items_listed",
        "items_new",
        "items_bad",
        "duration_ms",
    )
    list_filter = ("outcome", "feed")
    list_select_related = ("feed__source",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in FeedFetch._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
