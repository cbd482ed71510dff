"""The analysts' admin: registrations are explicit (SimpleAdminConfig; leaflet.admin would need GDAL).

Lists have the columns and filters reviewers work with; search is Arabic-normalised; every change to
incidents and places is kept by django-simple-history; review actions record who decided and when.
"""

from functools import partial, update_wrapper

from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Count, Q
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from . import admin_views, corroboration
from .article_files import ArticleInput
from .filters import folded_variants
from .forms import IncidentAdminForm, PlaceAdminForm
from .ingest import ingest_article
from .intake.republication import independent_outlets
from .models import (
    AcledEvent,
    Article,
    Claim,
    DistinctPair,
    Incident,
    MergeRecord,
    Place,
    PlaceMention,
    Source,
)
from .resolution import WAITING
from .review import set_status

admin.site.site_header = _("Incident map: administration")
admin.site.site_title = _("Incident map")


class ExtraViewsMixin:
    """Mount admin_views functions under this ModelAdmin's URLs, behind the admin's login."""

    extra_views: list[tuple[str, str, str]] = []  # (route, view function name, url name suffix)

    def get_urls(self):
        opts = self.model._meta
        extra = []
        for route, view_name, suffix in self.extra_views:
            view = partial(getattr(admin_views, view_name), self)
            update_wrapper(view, getattr(admin_views, view_name))
            extra.append(
                path(
                    route,
                    self.admin_site.admin_view(view),
                    name=f"{opts.app_label}_{opts.model_name}_{suffix}",
                )
            )
        return extra + super().get_urls()


class HttpsUrlsMixin:
    """URL fields typed without a scheme get https:// (Django 6's default, chosen now)."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


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


class HistoryAdmin(SimpleHistoryAdmin):
    """History pages for readers, reverts only for those who may change the object.

    simple_history's history form saves a POST after checking only view permission: a Viewer with staff
    status could revert (that is, write) any incident or place. Writing needs the change permission."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD") and not self.has_change_permission(request):
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


@admin.register(Source)
class SourceAdmin(HttpsUrlsMixin, NormalisedSearchMixin, admin.ModelAdmin):
    list_display = ("name_en", "name_ar", "kind", "kind_reason", "language", "slug")
    list_filter = ("kind", "language")
    search_fields = ("name_en", "name_ar", "slug")
    prepopulated_fields = {"slug": ("name_en",)}


@admin.register(Article)
class ArticleAdmin(HttpsUrlsMixin, NormalisedSearchMixin, admin.ModelAdmin):
    list_display = ("title", "source", "published_at", "language", "incident_count", "is_demo", "fetched_at")
    list_filter = (
        "source",
        "language",
        "is_demo",
        ("republished_from", admin.EmptyFieldListFilter),
        ("published_at", admin.DateFieldListFilter),
    )
    search_fields = ("title", "text", "url")
    date_hierarchy = "published_at"
    readonly_fields = (
        "content_hash",
        "fetched_at",
        "updated_at",
        "republication",
        "republished_from",
        "republication_similarity",
        "extracted",
    )
    list_select_related = ("source",)
    actions = ["rerun_extraction"]

    def get_queryset(self, request):
        # the incident count of each listed article in the list's own query, not one query per row
        return super().get_queryset(request).annotate(n_incidents=Count("claims__incident", distinct=True))

    def add_view(self, request, form_url="", extra_context=None):
        # Adding an article means pasting it and letting extraction propose incidents.
        return admin_views.paste_article(self, request)

    @admin.display(description=pgettext_lazy("label", "incidents"), ordering="n_incidents")
    def incident_count(self, obj):
        return obj.n_incidents

    @admin.display(description=_("Republication"))
    def republication(self, obj):
        """ "Republished from SANA" with a link to the original, or the copies of this article."""
        if obj.pk is None:
            return "—"
        if obj.republished_from_id:
            original = obj.republished_from
            return format_html(
                '<strong>{}</strong> <a href="{}">#{} {}</a> ({})',
                _("Republished from %(outlet)s") % {"outlet": original.source},
                reverse("admin:incidents_article_change", args=[original.pk]),
                original.pk,
                original.title or original.url or "",
                _("similarity %(score)s") % {"score": f"{obj.republication_similarity or 0:.2f}"},
            )
        copies = obj.republications.select_related("source")
        if not copies:
            return "—"
        return format_html(
            "<strong>{}</strong><ul>{}</ul>",
            _("Republished by"),
            format_html_join(
                "",
                '<li>{} <a href="{}">#{} {}</a></li>',
                (
                    (
                        c.source,
                        reverse("admin:incidents_article_change", args=[c.pk]),
                        c.pk,
                        c.title or c.url or "",
                    )
                    for c in copies
                ),
            ),
        )

    @admin.display(description=_("What extraction found"))
    def extracted(self, obj):
        if obj.pk is None:
            return "—"
        incidents = Incident.objects.filter(claims__article=obj).distinct().order_by("pk")
        rows = format_html_join(
            "",
            '<li><a href="{}">#{} {}</a> · {}</li>',
            (
                (reverse("admin:incidents_incident_change", args=[i.pk]), i.pk, i, i.get_status_display())
                for i in incidents
            ),
        )
        waiting = obj.mentions.filter(WAITING)
        todo = format_html_join(
            "",
            '<li><a href="{}">{}</a> ({})</li>',
            (
                (
                    reverse("admin:incidents_placemention_resolve", args=[m.pk]),
                    m.surface,
                    m.get_role_display(),
                )
                for m in waiting
            ),
        )
        return format_html(
            "<strong>{}</strong><ul>{}</ul><strong>{}</strong><ul>{}</ul>",
            _("Incidents"),
            rows or "—",
            _("Places waiting for an analyst"),
            todo or "—",
        )

    @admin.action(description=_("Re-run extraction"), permissions=["change"])
    def rerun_extraction(self, request, queryset):
        n = 0
        for article in queryset.select_related("source"):
            published = article.published_at.date() if article.published_at else None
            inp = ArticleInput(
                text=article.text,
                title=article.title,
                url=article.url,
                language=article.language,
                published=published,
            )
            ingest_article(inp, reextract=True, source=article.source)
            n += 1
        self.message_user(request, _("Extraction re-run on %(n)d article(s).") % {"n": n}, messages.SUCCESS)


@admin.register(AcledEvent)
class AcledEventAdmin(ExtraViewsMixin, admin.ModelAdmin):
    """ACLED's events, a reference layer: imported from its CSV (never typed in), read-only here."""

    list_display = (
        "event_id_cnty",
        "event_date",
        "event_type",
        "sub_event_type",
        "location",
        "admin1",
        "fatalities",
    )
    list_filter = ("event_type", "admin1", ("event_date", admin.DateFieldListFilter))
    search_fields = ("event_id_cnty", "location", "actor1", "actor2", "notes")
    date_hierarchy = "event_date"
    extra_views = [("import/", "import_acled", "import")]

    def has_change_permission(self, request, obj=None):
        return obj is None and super().has_change_permission(request)  # rows change only by import

    def has_add_permission(self, request):
        return False  # added by the import view, which checks the add permission itself

    def can_import(self, request) -> bool:
        return request.user.has_perm("incidents.add_acledevent")


from .intake import admin as _intake_admin  # noqa: E402, F401  (feeds, their items and polls)


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
class IncidentAdmin(ExtraViewsMixin, NormalisedSearchMixin, HistoryAdmin):
    form = IncidentAdminForm
    extra_views = [("duplicates/", "duplicates", "duplicates"), ("merge/", "merge", "merge")]
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
        "corroboration",
        ("event_date", admin.DateFieldListFilter),
    )
    search_fields = ("location", "notes", "place__name_en", "place__name_ar", "claims__evidence_text")
    date_hierarchy = "event_date"
    raw_id_fields = ("place",)
    # merged_into changes only through a merge (and its undo), which keeps a record: never by hand
    readonly_fields = (
        "reviewed_by",
        "reviewed_at",
        "created_at",
        "updated_at",
        "evidence",
        "merges",
        "merged_into",
        "independent_outlets",
        "corroboration",
        "voices",
    )
    list_select_related = ("reviewed_by",)
    inlines = [ClaimInline]
    actions = ["mark_verified", "mark_disputed", "mark_unverifiable", "mark_unreviewed"]
    fieldsets = (
        (None, {"fields": ("status", "reviewed_by", "reviewed_at")}),
        (_("When"), {"fields": ("event_date", "time_precision")}),
        (
            _("Where"),
            {
                "fields": (
                    "map",
                    "place",
                    "location",
                    ("lat", "lon"),
                    "geo_precision",
                    "admin1",
                    "admin2",
                    "admin3",
                )
            },
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
        (
            _("Notes"),
            {
                "fields": (
                    "notes",
                    "independent_outlets",
                    "corroboration",
                    "voices",
                    "evidence",
                    "merges",
                    "merged_into",
                    "is_demo",
                    "created_at",
                    "updated_at",
                )
            },
        ),
    )

    @admin.display(description=_("Independent outlets"))
    def independent_outlets(self, obj):
        """Outlets reporting it on their own: a republished copy counts with its original."""
        return independent_outlets(obj) if obj.pk else "—"

    @admin.display(description=_("Who says what"))
    def voices(self, obj):
        """Each voice's affiliation, figures and accusation (incidents/corroboration.py)."""
        if obj.pk is None:
            return "—"
        r = corroboration.reconciled(obj)
        killed, hurt = dict(r.fatalities.by_voice), dict(r.injured.by_voice)
        blamed = dict(r.perpetrators)
        rows = format_html_join(
            "",
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            (
                (
                    v.name,
                    Source.Kind(v.affiliation).label
                    if v.affiliation in Source.Kind.values
                    else v.affiliation,
                    killed.get(v.name, "—"),
                    hurt.get(v.name, "—"),
                    blamed.get(v.name, "—"),
                )
                for v in r.voices
            ),
        )
        head = format_html(
            "<tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr>",
            _("voice"),
            _("affiliation"),
            _("killed"),
            _("injured"),
            _("blames"),
        )
        return format_html('<table class="voices">{}{}</table>', head, rows)

    @admin.display(description=_("Merges"))
    def merges(self, obj):
        if obj.pk is None:
            return "—"
        records = list(MergeRecord.objects.filter(target=obj))  # merges into this incident
        if obj.merged_into_id:  # and the merge that folded this one away
            records += [
                r for r in MergeRecord.objects.filter(target_id=obj.merged_into_id) if obj.pk in r.merged_ids
            ]
        if not records:
            return "—"
        return format_html_join(
            "",
            '<div><a href="{}">{}</a>{}</div>',
            (
                (
                    reverse("admin:incidents_mergerecord_change", args=[r.pk]),
                    r,
                    _(" (undone)") if r.is_undone else "",
                )
                for r in records
            ),
        )

    def _review(self, request, queryset, status):
        n = set_status(queryset, status, request.user)
        self.message_user(
            request,
            _("%(n)d incident(s) marked %(status)s.") % {"n": n, "status": status.label.lower()},
            messages.SUCCESS,
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
class PlaceAdmin(HttpsUrlsMixin, ExtraViewsMixin, NormalisedSearchMixin, HistoryAdmin):
    form = PlaceAdminForm
    list_display = ("name_en", "name_ar", "admin1", "admin2", "kind", "population", "origin", "country")
    list_filter = ("origin", "kind", "country", "admin1")
    search_fields = ("name_en", "name_ar", "aliases", "admin1", "admin2")
    readonly_fields = ("geonameid", "origin_key", "updated_at")
    extra_views = [("search/", "place_search", "search")]
    fieldsets = (
        (None, {"fields": ("name_en", "name_ar", "aliases", "kind", "population")}),
        (_("Where"), {"fields": ("map", ("lat", "lon"), "country", "admin1", "admin2", "admin3")}),
        (_("Origin"), {"fields": ("origin", "source_url", "geonameid", "origin_key", "updated_at")}),
    )


class WaitingFilter(admin.SimpleListFilter):
    title = _("review")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("waiting", _("Waiting for an analyst")), ("resolved", _("Resolved by an analyst"))]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.filter(WAITING)
        if self.value() == "resolved":
            return queryset.filter(resolved_at__isnull=False)
        return queryset


@admin.register(PlaceMention)
class PlaceMentionAdmin(ExtraViewsMixin, NormalisedSearchMixin, admin.ModelAdmin):
    # "Place it" first: on a narrow screen the last columns are off to the side, the first is not.
    list_display = (
        "resolve_link",
        "surface",
        "in_sentence",
        "role",
        "place",
        "confidence",
        "candidate_names",
        "outlet",
    )
    list_display_links = ("surface",)
    list_filter = (
        WaitingFilter,
        "role",
        "needs_review",
        ("place", admin.EmptyFieldListFilter),
        "article__source",
    )
    search_fields = ("surface", "sentence")
    raw_id_fields = ("article", "place", "incident")
    readonly_fields = ("resolved_by", "resolved_at")
    list_select_related = ("place", "article__source")
    extra_views = [("queue/", "queue", "queue"), ("<int:pk>/resolve/", "resolve", "resolve")]

    class Media:
        css = {"all": ["incidents/admin/review.css"]}

    @admin.display(description=_("sentence"))
    def in_sentence(self, obj):
        sentence = obj.sentence or ""
        at = sentence.find(obj.surface)
        if at == -1:
            return sentence[:200]
        return format_html(
            '<span dir="auto">{}<mark>{}</mark>{}</span>',
            sentence[max(0, at - 90) : at],
            obj.surface,
            sentence[at + len(obj.surface) : at + len(obj.surface) + 90],
        )

    @admin.display(description=_("outlet"), ordering="article__source__name_en")
    def outlet(self, obj):
        return obj.article.source

    @admin.display(description=_("candidates"))
    def candidate_names(self, obj):
        ids = [i for i in obj.candidates or [] if isinstance(i, int)][:5]
        if not ids:
            return "—"
        places = Place.objects.filter(pk__in=ids).only("name_en", "name_ar", "admin1")
        return format_html_join(
            mark_safe("<br>"),  # noqa: S308 (a constant)
            '{} <span lang="ar">{}</span> <small>({})</small>',
            ((p.name_en, p.name_ar, p.admin1 or "?") for p in places),
        )

    @admin.display(description="")
    def resolve_link(self, obj):
        return format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("admin:incidents_placemention_resolve", args=[obj.pk]),
            _("Place it"),
        )


@admin.register(Claim)
class ClaimAdmin(NormalisedSearchMixin, admin.ModelAdmin):
    list_display = ("incident", "article", "cited_source", "claimed_perpetrator", "claimed_killed")
    list_filter = ("cited_source", "article__source")
    search_fields = ("cited_source", "claimed_perpetrator", "evidence_text")
    raw_id_fields = ("incident", "article")


@admin.register(MergeRecord)
class MergeRecordAdmin(ExtraViewsMixin, admin.ModelAdmin):
    """Merges are made on the duplicates page and undone here; the record itself is never edited."""

    list_display = ("__str__", "merged_by", "merged_at", "undone_by", "undone_at")
    list_filter = (("undone_at", admin.EmptyFieldListFilter), "merged_at")
    readonly_fields = [f.name for f in MergeRecord._meta.fields] + ["undo_link"]
    extra_views = [("<int:pk>/undo/", "undo", "undo")]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("Undo"))
    def undo_link(self, obj):
        if obj.is_undone:
            return _("undone")
        return format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("admin:incidents_mergerecord_undo", args=[obj.pk]),
            _("Undo this merge"),
        )


@admin.register(DistinctPair)
class DistinctPairAdmin(admin.ModelAdmin):
    list_display = ("__str__", "decided_by", "decided_at")
    raw_id_fields = ("incident_a", "incident_b")
    readonly_fields = ("decided_by", "decided_at")


# Users and roles, for the Admin role. Importing django.contrib.auth.admin registers its own
# ModelAdmins (SimpleAdminConfig imports nothing by itself); ours replace them.
for _model in (User, Group):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)


@admin.register(User)
class RoleUserAdmin(UserAdmin):
    """Admins manage accounts and put them in roles; only a superuser grants superuser status or
    single permissions, or edits a superuser's account."""

    list_display = ("username", "email", "is_staff", "is_active", "roles", "last_login")
    list_filter = ("groups", "is_staff", "is_active", "is_superuser")

    @admin.display(description=_("roles"))
    def roles(self, obj):
        return ", ".join(g.name for g in obj.groups.all())

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields += ["is_superuser", "user_permissions"]
        return fields

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Group)
class RoleAdmin(GroupAdmin):
    """The roles (Viewer, Editor, Admin) and their permissions; changing a role's permissions is for
    superusers, seeing them is for Admins."""

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
