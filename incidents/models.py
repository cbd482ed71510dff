"""The data model of the incident map and its reusable querysets.

Outlets publish articles; articles yield place mentions and claims; claims about the same event hang
off one Incident. Precision codes and the event taxonomy follow ACLED's codebook so exports line up
with ACLED data.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.lookups import IsNull
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, pgettext_lazy
from simple_history.models import HistoricalRecords


class TimePrecision(models.IntegerChoices):
    """ACLED time_precision: how exactly the event date is known."""

    DAY = 1, _("exact day")
    WEEK = 2, _("within a week")
    MONTH = 3, _("month only")


class GeoPrecision(models.IntegerChoices):
    """ACLED geo_precision: how exactly the location is known."""

    TOWN = 1, _("the town itself")
    NEAR = 2, _("near / part of a region")
    REGION = 3, _("region only")


# ACLED event types and their sub-event types (codebook 2023). Stored as the English label itself, as
# ACLED exports do, so CSV exports need no mapping. gettext_noop only marks them for makemessages; the
# choices below show them translated.
EVENT_TYPES: dict[str, list[str]] = {
    gettext_noop("Battles"): [
        gettext_noop("Armed clash"),
        gettext_noop("Government regains territory"),
        gettext_noop("Non-state actor overtakes territory"),
    ],
    gettext_noop("Explosions/Remote violence"): [
        gettext_noop("Chemical weapon"),
        gettext_noop("Air/drone strike"),
        gettext_noop("Suicide bomb"),
        gettext_noop("Shelling/artillery/missile attack"),
        gettext_noop("Remote explosive/landmine/IED"),
        gettext_noop("Grenade"),
    ],
    gettext_noop("Violence against civilians"): [
        gettext_noop("Sexual violence"),
        gettext_noop("Attack"),
        gettext_noop("Abduction/forced disappearance"),
    ],
    gettext_noop("Protests"): [
        gettext_noop("Peaceful protest"),
        gettext_noop("Protest with intervention"),
        gettext_noop("Excessive force against protesters"),
    ],
    gettext_noop("Riots"): [gettext_noop("Violent demonstration"), gettext_noop("Mob violence")],
    gettext_noop("Strategic developments"): [
        gettext_noop("Agreement"),
        gettext_noop("Arrests"),
        gettext_noop("Change to group/activity"),
        gettext_noop("Disrupted weapons use"),
        gettext_noop("Headquarters or base established"),
        gettext_noop("Looting/property destruction"),
        gettext_noop("Non-violent transfer of territory"),
        gettext_noop("Other"),
    ],
}
EVENT_TYPE_CHOICES = [(t, _(t)) for t in EVENT_TYPES]
SUB_EVENT_TYPE_CHOICES = [(s, _(s)) for subs in EVENT_TYPES.values() for s in subs]


class Source(models.Model):
    """A news outlet (or other publisher) whose articles we ingest."""

    class Kind(models.TextChoices):
        STATE = "state", _("State media")
        KURDISH = "kurdish", _("Kurdish/AANES media")
        LOCAL = "local", _("Local agency")
        OPPOSITION = "opposition", _("Opposition outlet")
        INTERNATIONAL = "international", _("International outlet")
        MONITOR = "monitor", _("Monitoring group")
        PARTY = "party", _("Party to the conflict")
        OTHER = "other", _("Other")

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    home_url = models.URLField(_("home url"), blank=True)
    kind = models.CharField(_("affiliation"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    kind_reason = models.CharField(
        _("why this affiliation"), max_length=300, blank=True, help_text=_("A short, cited reason.")
    )
    language = models.CharField(_("language"), max_length=8, default="ar")

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name_en"]

    def __str__(self) -> str:
        return self.name_en or self.name_ar

    def display_name(self, language: str = "en") -> str:
        return (self.name_ar if language == "ar" else self.name_en) or self.name_en or self.name_ar


class Article(models.Model):
    """One published article. Identity: its URL when it has one, else the hash of its text."""

    source = models.ForeignKey(
        Source,
        verbose_name=pgettext_lazy("field", "source"),
        on_delete=models.PROTECT,
        related_name="articles",
    )
    url = models.URLField(_("url"), max_length=1000, unique=True, null=True, blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64, unique=True)
    title = models.CharField(_("title"), max_length=1000, blank=True)
    author = models.CharField(_("author"), max_length=300, blank=True)
    text = models.TextField(_("text"))
    language = models.CharField(_("language"), max_length=8, default="ar")
    published_at = models.DateTimeField(
        _("published at"), null=True, blank=True, help_text=_("Empty when unknown.")
    )
    fetched_at = models.DateTimeField(_("fetched at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    is_demo = models.BooleanField(
        _("is demo"), default=False, help_text=_("Synthetic demo data, not a real report.")
    )
    # A near-duplicate of an earlier article from another outlet (incidents.intake.republication):
    # the copy's claims count with the original's, once.
    republished_from = models.ForeignKey(
        "self",
        verbose_name=_("republished from"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="republications",
    )
    republication_similarity = models.FloatField(_("similarity to the original"), null=True, blank=True)

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-id"]
        indexes = [models.Index(fields=["source", "published_at"])]

    def __str__(self) -> str:
        return self.title or (self.url or f"article {self.pk}")


class Place(models.Model):
    """A gazetteer entry with names in both scripts and every alias analysts or sources use."""

    class Origin(models.TextChoices):
        GEONAMES = "geonames", _("GeoNames")
        WOF = "wof", _("Who's On First")
        SUPPLEMENT = "supplement", _("Supplement")
        ANALYST = "analyst", _("Analyst")
        GEOCODER = "geocoder", _("Online geocoder")

    name_en = models.CharField(_("name (English)"), max_length=200)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200, blank=True)
    aliases = models.JSONField(
        _("aliases"), default=list, blank=True, help_text=_("Other spellings, any script.")
    )
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    country = models.CharField(_("country"), max_length=2, default="SY")
    admin1 = models.CharField(_("governorate"), max_length=100, blank=True, db_index=True)
    admin2 = models.CharField(_("district"), max_length=100, blank=True)
    admin3 = models.CharField(_("subdistrict"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=40, default="town")
    population = models.PositiveIntegerField(_("population"), default=0)
    geonameid = models.PositiveIntegerField(_("geonameid"), unique=True, null=True, blank=True)
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices, default=Origin.ANALYST)
    origin_key = models.CharField(
        _("origin key"),
        max_length=200,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Stable key of a non-GeoNames row (e.g. supplement:Al-Shaafah) so reloads update it."),
    )
    source_url = models.URLField(_("source url"), max_length=500, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True, db_index=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["name_en"]
        constraints = [
            models.CheckConstraint(condition=Q(lat__gte=-90, lat__lte=90), name="place_lat_range"),
            models.CheckConstraint(condition=Q(lon__gte=-180, lon__lte=180), name="place_lon_range"),
        ]

    def __str__(self) -> str:
        return f"{self.name_en} / {self.name_ar}" if self.name_ar else self.name_en

    def display_name(self, language: str = "en") -> str:
        return (self.name_ar if language == "ar" else self.name_en) or self.name_en or self.name_ar

    @property
    def admin_path(self) -> str:
        return " › ".join(p for p in (self.admin1, self.admin2, self.admin3) if p)


class IncidentQuerySet(models.QuerySet):
    def in_window(self, start, end):
        """Incidents dated within [start, end]; either bound may be None."""
        qs = self
        if start:
            qs = qs.filter(event_date__gte=start)
        if end:
            qs = qs.filter(event_date__lte=end)
        return qs

    def for_sources(self, source_ids):
        """Incidents reported by any of these outlets (through their claims' articles)."""
        return self.filter(
            pk__in=Claim.objects.filter(article__source_id__in=source_ids).values("incident_id")
        )

    def visible(self):
        """Incidents not folded into another by a merge."""
        return self.filter(merged_into__isnull=True)

    def located(self):
        """Incidents with coordinates. Written as (lat + 0) so that SQLite does not walk the (lat, lon)
        index for a condition nearly every row meets (3x slower than the narrow covering indexes at
        100 k); PostgreSQL plans it as it planned lat IS NOT NULL."""
        return self.filter(IsNull(F("lat") + 0, False), IsNull(F("lon") + 0, False))

    def unlocated(self):
        """Incidents the map cannot draw: no coordinates (yet)."""
        return self.filter(Q(lat__isnull=True) | Q(lon__isnull=True))


class Incident(models.Model):
    """One event on the ground, as reported by one or more claims."""

    class Status(models.TextChoices):
        UNREVIEWED = "unreviewed", _("Unreviewed")
        VERIFIED = "verified", _("Verified")
        DISPUTED = "disputed", _("Disputed")
        UNVERIFIABLE = "unverifiable", _("Unverifiable")

    event_date = models.DateField(
        _("event date"), null=True, blank=True, help_text=_("Empty when the date is unknown.")
    )
    time_precision = models.PositiveSmallIntegerField(
        _("time precision"), choices=TimePrecision.choices, null=True, blank=True
    )
    event_type = models.CharField(_("event type"), max_length=40, choices=EVENT_TYPE_CHOICES, blank=True)
    sub_event_type = models.CharField(
        _("sub event type"), max_length=60, choices=SUB_EVENT_TYPE_CHOICES, blank=True
    )
    actor1 = models.CharField(_("actor1"), max_length=120, blank=True)
    actor2 = models.CharField(_("actor2"), max_length=120, blank=True)
    actors = models.JSONField(
        _("actors"), default=list, blank=True, help_text=_("Every actor named, canonical English.")
    )
    fatalities = models.PositiveIntegerField(
        _("fatalities"), null=True, blank=True, help_text=_("Empty when not stated.")
    )
    injured = models.PositiveIntegerField(pgettext_lazy("label", "injured"), null=True, blank=True)

    place = models.ForeignKey(
        Place,
        verbose_name=pgettext_lazy("field", "place"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="incidents",
    )
    location = models.CharField(_("location as written"), max_length=200, blank=True)
    lat = models.FloatField(_("latitude"), null=True, blank=True)
    lon = models.FloatField(_("longitude"), null=True, blank=True)
    geo_precision = models.PositiveSmallIntegerField(
        _("geo precision"), choices=GeoPrecision.choices, null=True, blank=True
    )
    admin1 = models.CharField(_("governorate"), max_length=100, blank=True)
    admin2 = models.CharField(_("district"), max_length=100, blank=True)
    admin3 = models.CharField(_("subdistrict"), max_length=100, blank=True)

    notes = models.TextField(_("notes"), blank=True)
    evidence = models.JSONField(
        _("evidence"), default=list, blank=True, help_text=_("[{field, start, end, text, article}]")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.UNREVIEWED)
    corroboration = models.CharField(
        _("corroboration"),
        max_length=20,
        blank=True,
        db_index=True,
        choices=[
            ("single", _("single source")),
            ("one_affiliation", _("several sources, one affiliation")),
            ("cross_affiliation", _("sources of different affiliations")),
            ("party_confirmed", _("confirmed by a party's statement")),
        ],
        help_text=_("Derived from the claims (incidents/corroboration.py); not edited by hand."),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_incidents",
    )
    is_demo = models.BooleanField(
        _("is demo"), default=False, help_text=_("Synthetic demo data, not a real report.")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    objects = IncidentQuerySet.as_manager()

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = pgettext_lazy("label", "incidents")
        ordering = ["-event_date", "-id"]
        indexes = [
            models.Index(fields=["event_date"]),
            # the timeline's GROUP BY (date, precision) over visible incidents, from the index alone
            models.Index(
                fields=["event_date", "time_precision", "merged_into"], name="incident_timeline_idx"
            ),
            models.Index(fields=["event_type", "event_date"]),
            # the selection's summary (incidents/summary.py): each GROUP BY from an index alone, also under
            # a sub-event type or district filter
            models.Index(
                fields=["event_date", "event_type", "sub_event_type", "admin2", "fatalities", "merged_into"],
                name="incident_summary_idx",
            ),
            models.Index(fields=["actor1", "actor2", "merged_into"], name="incident_actors_idx"),
            models.Index(fields=["place", "merged_into"], name="incident_place_idx"),
            # the facets' shared GROUP BY over seven columns (incidents/counts.py), in its order: read
            # from the index alone (without corroboration in it, a table scan: 400 -> 55 ms at 100 k)
            models.Index(
                fields=[
                    "event_type",
                    "sub_event_type",
                    "admin1",
                    "admin2",
                    "status",
                    "corroboration",
                    "geo_precision",
                    "merged_into",
                ],
                name="incident_facet_counts_idx",
            ),
            models.Index(fields=["admin1", "event_date"]),
            models.Index(fields=["status"]),
            models.Index(fields=["lat", "lon"]),
            # Chosen from EXPLAIN (ANALYZE, BUFFERS) at 1 M incidents on PostgreSQL (bench/plans-1m-postgres.txt).
            # The map's grid GROUP BY over visible incidents, from the index alone (PostgreSQL: INCLUDE).
            models.Index(
                fields=["lon", "lat"],
                include=["event_type", "geo_precision"],
                condition=Q(merged_into__isnull=True),
                name="incident_grid_idx",
            ),
            # The same for a time window (one month: a range of this index, no table reads).
            models.Index(
                fields=["event_date"],
                include=["lon", "lat", "event_type", "geo_precision"],
                condition=Q(merged_into__isnull=True),
                name="incident_date_grid_idx",
            ),
            # "N without coordinates" on every map answer: a handful of rows, not a scan of the lat index.
            models.Index(
                fields=["id"],
                condition=Q(lat__isnull=True) | Q(lon__isnull=True),
                name="incident_unlocated_idx",
            ),
            # Exports and the list, newest first: read in index order, the first rows leave at once. The
            # map's columns (mapdata.map_columns) follow the key, so the map reads the index alone under any
            # corroboration or type filter: at 100 k on SQLite (no INCLUDE there, hence key columns) the
            # table lookups in date order took 450 ms of SQL, 145 ms without; a level that selects nothing
            # 215 -> 8 ms.
            models.Index(
                fields=[
                    "-event_date",
                    "-id",
                    "lon",
                    "lat",
                    "geo_precision",
                    "event_type",
                    "corroboration",
                    "merged_into",
                ],
                condition=Q(merged_into__isnull=True),
                name="incident_newest_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(lat__isnull=True) | Q(lat__gte=-90, lat__lte=90), name="incident_lat_range"
            ),
            models.CheckConstraint(
                condition=Q(lon__isnull=True) | Q(lon__gte=-180, lon__lte=180), name="incident_lon_range"
            ),
        ]

    def __str__(self) -> str:
        when = self.event_date.isoformat() if self.event_date else _("date unknown")
        what = self.get_event_type_display() or _("Incident")
        return f"{what} · {self.location or '?'} · {when}"

    def set_place(self, place: Place | None) -> None:
        """Copy a gazetteer place's coordinates and admin path onto this incident."""
        self.place = place
        if place is not None:
            self.lat, self.lon = place.lat, place.lon
            self.admin1, self.admin2, self.admin3 = place.admin1, place.admin2, place.admin3
            if not self.location:
                self.location = place.name_en


class Claim(models.Model):
    """What one article, citing one source (or in its own voice), says about one incident."""

    incident = models.ForeignKey(
        Incident,
        verbose_name=pgettext_lazy("field", "incident"),
        on_delete=models.CASCADE,
        related_name="claims",
    )
    article = models.ForeignKey(
        Article,
        verbose_name=pgettext_lazy("field", "article"),
        on_delete=models.CASCADE,
        related_name="claims",
    )
    cited_source = models.CharField(
        _("cited source"),
        max_length=120,
        blank=True,
        help_text=_("Who the article cites (e.g. SANA); empty = the outlet itself."),
    )
    claimed_perpetrator = models.CharField(_("claimed perpetrator"), max_length=120, blank=True)
    claimed_killed = models.PositiveIntegerField(_("claimed killed"), null=True, blank=True)
    claimed_injured = models.PositiveIntegerField(_("claimed injured"), null=True, blank=True)
    event_type = models.CharField(_("event type"), max_length=40, blank=True)
    evidence_text = models.TextField(_("evidence text"), blank=True)
    evidence_start = models.PositiveIntegerField(_("evidence start"), null=True, blank=True)
    evidence_end = models.PositiveIntegerField(_("evidence end"), null=True, blank=True)
    extraction_key = models.CharField(
        _("extraction key"),
        max_length=200,
        blank=True,
        help_text=_("Which extracted place this came from; keeps re-ingest idempotent."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(
                fields=["incident", "article", "cited_source", "extraction_key"], name="claim_unique_voice"
            )
        ]
        indexes = [
            models.Index(fields=["article", "extraction_key"]),
            # "incidents reported by this outlet" (for_sources) reads claims by article: index-only
            models.Index(fields=["article", "incident"]),
        ]

    def __str__(self) -> str:
        return _("%(outlet)s (%(voice)s) on #%(incident)s") % {
            "outlet": self.article.source,
            "voice": self.cited_source or _("own report"),
            "incident": self.incident_id,
        }


class PlaceMention(models.Model):
    """A place name found in an article; unresolved ones (place empty) wait for an analyst."""

    class Role(models.TextChoices):
        INCIDENT = "incident", _("Incident location")
        BACKGROUND = "background", _("Background")

    article = models.ForeignKey(
        Article,
        verbose_name=pgettext_lazy("field", "article"),
        on_delete=models.CASCADE,
        related_name="mentions",
    )
    surface = models.CharField(_("surface"), max_length=200)
    start = models.PositiveIntegerField(_("start"))
    end = models.PositiveIntegerField(_("end"))
    sentence = models.TextField(_("sentence"), blank=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.BACKGROUND)
    place = models.ForeignKey(
        Place,
        verbose_name=pgettext_lazy("field", "place"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentions",
    )
    confidence = models.FloatField(_("confidence"), default=1.0)
    needs_review = models.BooleanField(_("needs review"), default=False)
    candidates = models.JSONField(
        _("candidates"), default=list, blank=True, help_text=_("Candidate Place ids.")
    )
    incident = models.ForeignKey(
        Incident,
        verbose_name=pgettext_lazy("field", "incident"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="mentions",
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("place mention")
        verbose_name_plural = _("place mentions")
        ordering = ["article", "start"]
        indexes = [models.Index(fields=["place", "needs_review"])]
        constraints = [
            models.UniqueConstraint(fields=["article", "start", "end"], name="mention_unique_span"),
        ]

    def __str__(self) -> str:
        return self.surface

    @property
    def is_resolved(self) -> bool:
        return self.place_id is not None and not self.needs_review


class MergeRecord(models.Model):
    """An analyst's merge of duplicate incidents into one, kept so it can be traced and undone.

    ``moved_claims`` names each moved claim by what survives a re-ingest (article, cited source,
    extraction key) rather than by id, because re-ingesting an article recreates its claims.
    """

    target = models.ForeignKey(
        Incident, verbose_name=_("target"), on_delete=models.CASCADE, related_name="merge_records"
    )
    merged_ids = models.JSONField(
        _("merged ids"), default=list, help_text=_("Incidents folded into the target.")
    )
    moved_claims = models.JSONField(_("moved claims"), default=list, blank=True)
    moved_mentions = models.JSONField(_("moved mentions"), default=list, blank=True)
    target_before = models.JSONField(
        _("target before"), default=dict, blank=True, help_text=_("Target fields the merge filled in.")
    )
    note = models.TextField(_("note"), blank=True)
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("merged by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    merged_at = models.DateTimeField(_("merged at"), auto_now_add=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("undone by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    undone_at = models.DateTimeField(_("undone at"), null=True, blank=True)

    class Meta:
        verbose_name = _("merge record")
        verbose_name_plural = _("merge records")
        ordering = ["-merged_at", "-id"]

    def __str__(self) -> str:
        merged = ", ".join(f"#{i}" for i in self.merged_ids)
        return f"{merged} → #{self.target_id}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None


class DistinctPair(models.Model):
    """Two incidents an analyst judged to be different events: no longer offered as duplicates."""

    incident_a = models.ForeignKey(
        Incident, verbose_name=_("incident a"), on_delete=models.CASCADE, related_name="+"
    )
    incident_b = models.ForeignKey(
        Incident, verbose_name=_("incident b"), on_delete=models.CASCADE, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        verbose_name = _("distinct pair")
        verbose_name_plural = _("distinct pairs")
        constraints = [
            models.UniqueConstraint(fields=["incident_a", "incident_b"], name="distinct_pair_unique"),
            models.CheckConstraint(
                condition=Q(incident_a__lt=models.F("incident_b")), name="distinct_pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.incident_a_id} ≠ #{self.incident_b_id}"


class AcledEvent(models.Model):
    """A row of an ACLED export: a reference layer beside our incidents, never mixed into them
    (incidents/acled_reference.py imports and cross-checks)."""

    event_id_cnty = models.CharField(_("ACLED event id"), max_length=40, unique=True)
    event_date = models.DateField(_("event date"), db_index=True)
    time_precision = models.PositiveSmallIntegerField(_("time precision"), null=True, blank=True)
    disorder_type = models.CharField(_("disorder type"), max_length=80, blank=True)
    event_type = models.CharField(_("event type"), max_length=60, blank=True)
    sub_event_type = models.CharField(_("sub-event type"), max_length=80, blank=True)
    actor1 = models.CharField(_("actor1"), max_length=200, blank=True)
    actor2 = models.CharField(_("actor2"), max_length=200, blank=True)
    admin1 = models.CharField(_("governorate"), max_length=100, blank=True)
    admin2 = models.CharField(_("district"), max_length=100, blank=True)
    admin3 = models.CharField(_("subdistrict"), max_length=100, blank=True)
    location = models.CharField(_("location"), max_length=200, blank=True)
    lat = models.FloatField(_("latitude"))
    lon = models.FloatField(_("longitude"))
    geo_precision = models.PositiveSmallIntegerField(_("geo precision"), null=True, blank=True)
    source = models.TextField(_("source"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    fatalities = models.PositiveIntegerField(_("fatalities"), null=True, blank=True)
    import_file = models.CharField(_("imported from"), max_length=300, blank=True)
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        verbose_name = _("ACLED event")
        verbose_name_plural = _("ACLED events")
        ordering = ["-event_date", "event_id_cnty"]

    def __str__(self) -> str:
        return f"{self.event_id_cnty} {self.event_date} {self.location}"


# Feeds, their items and polls, and articles' MinHash bands live with the intake code.
from .intake.models import ArticleBand, Feed, FeedFetch, FeedItem  # noqa: E402, F401
