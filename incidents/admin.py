"""The analysts' admin: registrations are explicit (SimpleAdminConfig; leaflet.admin would need GDAL).

Lists have the columns and filters reviewers work with; search is Arabic-normalised; every change to
incidents and places is kept by django-simple-history; review actions record who decided and when.
"""

from django.contrib import admin, messages
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .filters import folded_variants
from .models import Article, Claim, Incident, Place, PlaceMention, Source
from .review import set_status

admin.site.site_header = _("Incident map: administration")
admin.site.site_title = _("Incident map")


class NormalisedSearchMixin:
    """Search the folded spellings too: البصيره finds البصيرة, ادلب finds إدلب."""

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return super().get_search_results(request, queryset, search_term)
        cond = Q()
        for variant in folded_variants(search_term):
            for field in self.search_fields:
                cond |= Q(**{f"{field.lstrip('^=@')}__icontains": variant})
        return queryset.filter(cond).distinct(), True


@admin.register(Source)
class SourceAdmin(NormalisedSearchMixin, admin.ModelAdmin):
    list_display = ("name_en", "name_ar", "kind", "language", "slug")
    list_filter = ("kind", "language")
    search_fields = ("name_en", "name_ar", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Article)
class ArticleAdmin(NormalisedSearchMixin, admin.ModelAdmin):
    list_display = ("title", "source", "published_at", "language", "is_demo", "fetched_at")
    list_filter = ("source", "language", "is_demo", ("published_at", admin.DateFieldListFilter))
    search_fields = ("title", "text", "url")
    date_hierarchy = "published_at"
    readonly_fields = ("content_hash", "fetched_at", "updated_at")
    list_select_related = ("source",)


class ClaimInline(admin.StackedInline):
    model = Claim
    extra = 0
    fields = (
        "article",
        "cited_source",
        "claimed_perpetrator",
        "claimed_killed",
        "claimed_injured",
        "event_type",
        "evidence_text",
    )
    readonly_fields = ("evidence_text",)
    raw_id_fields = ("article",)


@admin.register(Incident)
class IncidentAdmin(NormalisedSearchMixin, SimpleHistoryAdmin):
    list_display = (
        "event_date",
        "location",
        "event_type",
        "sub_event_type",
        "admin1",
        "geo_precision",
        "fatalities",
        "status",
        "reviewed_by",
        "is_demo",
    )
    list_filter = (
        "status",
        "event_type",
        "admin1",
        "geo_precision",
        "time_precision",
        "claims__article__source",
        "is_demo",
        ("event_date", admin.DateFieldListFilter),
    )
    search_fields = ("location", "notes", "place__name_en", "place__name_ar", "claims__evidence_text")
    date_hierarchy = "event_date"
    raw_id_fields = ("place", "merged_into")
    readonly_fields = ("reviewed_by", "reviewed_at", "created_at", "updated_at", "evidence")
    list_select_related = ("reviewed_by",)
    inlines = [ClaimInline]
    actions = ["mark_verified", "mark_disputed", "mark_unverifiable", "mark_unreviewed"]
    fieldsets = (
        (None, {"fields": ("status", "reviewed_by", "reviewed_at")}),
        (_("When"), {"fields": ("event_date", "time_precision")}),
        (
            _("Where"),
            {"fields": ("place", "location", "lat", "lon", "geo_precision", "admin1", "admin2", "admin3")},
        ),
        (
            _("What"),
            {
                "fields": (
                    "event_type",
                    "sub_event_type",
                    "actor1",
                    "actor2",
                    "actors",
                    "fatalities",
                    "injured",
                )
            },
        ),
        (_("Notes"), {"fields": ("notes", "evidence", "merged_into", "is_demo", "created_at", "updated_at")}),
    )

    def _review(self, request, queryset, status):
        n = set_status(queryset, status, request.user)
        self.message_user(
            request, _("%(n)d incident(s) marked %(status)s.") % {"n": n, "status": status}, messages.SUCCESS
        )

    @admin.action(description=_("Mark verified"), permissions=["change"])
    def mark_verified(self, request, queryset):
        self._review(request, queryset, Incident.Status.VERIFIED)

    @admin.action(description=_("Mark disputed"), permissions=["change"])
    def mark_disputed(self, request, queryset):
        self._review(request, queryset, Incident.Status.DISPUTED)

    @admin.action(description=_("Mark unverifiable"), permissions=["change"])
    def mark_unverifiable(self, request, queryset):
        self._review(request, queryset, Incident.Status.UNVERIFIABLE)

    @admin.action(description=_("Back to unreviewed"), permissions=["change"])
    def mark_unreviewed(self, request, queryset):
        self._review(request, queryset, Incident.Status.UNREVIEWED)


@admin.register(Place)
class PlaceAdmin(NormalisedSearchMixin, SimpleHistoryAdmin):
    list_display = ("name_en", "name_ar", "admin1", "admin2", "kind", "population", "origin", "country")
    list_filter = ("origin", "kind", "country", "admin1")
    search_fields = ("name_en", "name_ar", "admin1", "admin2")
    readonly_fields = ("geonameid", "origin_key", "updated_at")


@admin.register(PlaceMention)
class PlaceMentionAdmin(NormalisedSearchMixin, admin.ModelAdmin):
    list_display = ("surface", "role", "place", "confidence", "needs_review", "article")
    list_filter = ("needs_review", "role", ("place", admin.EmptyFieldListFilter))
    search_fields = ("surface", "sentence")
    raw_id_fields = ("article", "place", "incident")
    list_select_related = ("place", "article")


@admin.register(Claim)
class ClaimAdmin(NormalisedSearchMixin, admin.ModelAdmin):
    list_display = ("incident", "article", "cited_source", "claimed_perpetrator", "claimed_killed")
    list_filter = ("cited_source", "article__source")
    search_fields = ("cited_source", "claimed_perpetrator", "evidence_text")
    raw_id_fields = ("incident", "article")
