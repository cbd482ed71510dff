"""Dashboard page and exports: parse the request, ask the FilterSet, render."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from . import acled_reference as acled
from . import alerts, basemap, exports, review_api
from .access import dashboard_access
from .filters import SelectionError, selection
from .models import EVENT_TYPES, Incident, TimePrecision
from .review import can_review
from .terms import display_terms


def _reach_config(request) -> dict:
    """What the dashboard needs to keep every incident reachable and demo data apart."""
    demo = Incident.objects.visible().filter(is_demo=True).exists()
    real = Incident.objects.visible().filter(is_demo=False).exists()
    user = request.user
    can_place = user.is_active and user.is_staff and user.has_perm("incidents.change_placemention")
    return {
        # "Hide demo data" starts on as soon as real incidents exist (and shows only when demo data does)
        "demoIncidents": demo,
        "hideDemoByDefault": demo and real,
        # an Editor places an incident without coordinates from the list: the admin's resolve page
        "resolveUrl": reverse("admin:incidents_placemention_resolve", args=[0]) if can_place else "",
        # without a waiting mention (a hand-made incident), the places queue searched for its spelling
        "queueUrl": reverse("admin:incidents_placemention_changelist") + "?queue=waiting&q="
        if can_place
        else "",
        # Verify / Dispute / Edit in the detail, by the admin's own rule; Place it by the places queue's
        "canReview": can_review(request),
        "canPlace": can_review(request) and review_api.can_place(user),
        # the ACLED layer's "nothing imported yet": where an Editor imports an ACLED export
        "acledImportUrl": reverse("admin:incidents_acledevent_import")
        if user.is_active and user.is_staff and user.has_perm("incidents.add_acledevent")
        else "",
    }


def _analysis_labels() -> dict:
    """Corroboration, "who says what", change alerts and the ACLED layer (issue 12)."""
    return {
        "corroboration": _("Corroboration"),
        "whoSaysWhat": _("Who says what"),
        "via": _("via"),
        "anonymousVoice": _("anonymous: its figures are shown, it corroborates nothing"),
        "noFigures": _("no figures, no perpetrator"),
        "levelHelp": {
            "single": _("one voice reports it."),
            "one_affiliation": _("several voices report it, all of one affiliation."),
            "cross_affiliation": _("voices of different affiliations report it."),
            "party_confirmed": _("a party's own statement confirms another voice's report."),
        },
        "perpAgreed": _("Perpetrator agreed"),
        "perpDisputed": _("Perpetrator disputed"),
        "perpUnclaimed": _("No voice names a perpetrator"),
        "fatalityRule": _(
            "The incident's own figures are the lowest any voice reports (ACLED's conservative rule); "
            "the range shows who said more."
        ),
        "changeAlerts": _("Change alerts"),
        "alertLabels": {
            "large_increase": _("large increase"),
            "moderate_increase": _("moderate increase"),
            "limited_change": _("limited change"),
            "decrease": _("decrease"),
            "too_few": _("too few incidents"),
        },
        "alertRules": {
            "large_increase": _("over +25 %"),
            "moderate_increase": _("+10 to +25 %"),
            "limited_change": _("−25 to +10 %"),
            "decrease": _("under −25 %"),
            "too_few": _("fewer than %(n)s a week") % {"n": alerts.MIN_COUNT},
        },
        "lastWeek": _("last week"),
        "baselineMean": _("weekly mean before"),
        "baselineWeeks": _("baseline of %(n)s weeks"),
        "districtsChanged": _("Districts that changed"),
        "noDistrictChanged": _("No district changed under these filters."),
        "typesLastWeek": _("types last week"),
        "alertNoIncidents": _("no incidents in the window"),
        "alertMethod": _(
            "Each district's last week against its own weekly mean over the baseline weeks (ACLED's Early "
            "Warning method); with fewer than %(n)s incidents on both sides a district is 'too few'."
        )
        % {"n": alerts.MIN_COUNT},
        "alertUnassigned": _("incidents outside every district or without coordinates"),
        "alertsFailed": _("The change alerts could not be loaded:"),
        "acledTitle": _("ACLED side by side"),
        "acledNone": _("No ACLED events have been imported, so there is nothing to compare with."),
        "acledImportAdmin": _("Import an ACLED CSV in the admin"),
        "acledImportCommand": _("or on the server:"),
        "acledShown": _("ACLED events on the map"),
        "acledNewestOnly": _("Only the newest %(n)s are drawn; the counts below cover them all."),
        "acledMatched": _("matched (in both)"),
        "acledOnlyOurs": _("only ours"),
        "acledOnly": _("only ACLED"),
        "acledMethod": _(
            "A match: the same type family, within %(km)s km and %(days)s days. ACLED's events are drawn as "
            "diamonds, apart from ours."
        )
        % {"km": f"{acled.MAX_KM:g}", "days": acled.MAX_DAYS},
        "acledFailed": _("The ACLED layer could not be loaded:"),
    }


@dashboard_access
def dashboard(request):
    offline = basemap.client_config()
    return render(
        request,
        "incidents/dashboard.html",
        {
            # Without a tile server the offline basemap is drawn first thing: the page asks for its
            # files while the scripts load, not after.
            "preload": [] if settings.TILE_URL else [offline["towns"], *offline["layers"].values()],
            "config": {
                "tileUrl": settings.TILE_URL,
                "tileAttribution": settings.TILE_ATTRIBUTION,
                "basemap": offline,
                "eventTypes": list(EVENT_TYPES),
                "subEventTypes": EVENT_TYPES,
                "timePrecisions": [[str(v), str(label)] for v, label in TimePrecision.choices],
                "statuses": [s for s, _ in Incident.Status.choices],
                "today": timezone.now().date().isoformat(),
                "clusterLimit": settings.MAP_CLUSTER_LIMIT,
                **_reach_config(request),
            },
            "labels": {
                "source": _("Outlets"),
                "cited": _("Cited sources"),
                "type": _("Event types"),
                "sub_event_type": _("Sub-event types"),
                "actor": _("Actors"),
                "admin1": _("Governorate"),
                "admin2": _("District"),
                "status": _("Status"),
                "precision": _("Location precision"),
                "outlet": _("the outlet itself"),
                "precision1": _("town"),
                "precision2": _("near / part of region"),
                "precision3": _("region only"),
                "date": _("Date"),
                "dateUnknown": _("date unknown"),
                "timePrecision": _("time precision"),
                "legend": _("Legend"),
                "place": _("Place"),
                "unresolved": _("not placed yet"),
                "actors": _("Actors"),
                "killed": _("killed"),
                "injured": _("injured"),
                "claims": _("Claims"),
                "citing": _("citing"),
                "perpetrator": _("blames"),
                "original": _("original article"),
                "close": _("Close"),
                "showing": _("showing"),
                "of": _("of"),
                "noTiles": _("Map tiles unavailable: showing incidents on a plain background."),
                "regionLevel": _("region-level location"),
                "nearLevel": _("approximate location"),
                "demo": _("demo data"),
                "incidents": _("incidents"),
                "gridZoom": _("Click to zoom in."),
                "pause": _("Pause"),
                "play": _("Play"),
                "published": _("published"),
                "unknown": _("unknown"),
                "unlocatedTitle": _("Incidents without coordinates"),
                "backToMap": _("Back to the map"),
                "placeIt": _("Place it"),
                "governorateUnknown": _("governorate unknown"),
                "verify": _("Verify"),
                "dispute": _("Dispute"),
                "reviewFailed": _("The review was not saved:"),
                "mergedInto": _("The incident you opened (#%(old)s) was merged into #%(new)s."),
                "undated": _("undated"),
                "undatedOutside": _("undated, outside any date window: show them"),
                "undatedShown": _("undated shown: back to all dates"),
                "summary": _("Summary"),
                "byType": _("By event type"),
                "byWeek": _("Incidents per week"),
                "byMonth": _("Incidents per month"),
                "peak": _("peak"),
                "topActors": _("Top actors"),
                "topPlaces": _("Top places"),
                "edit": _("Edit"),
                "save": _("Save"),
                "saved": _("Saved."),
                "cancel": _("Cancel"),
                "eventType": _("Event type"),
                "subEventType": _("Sub-event type"),
                "fatalities": _("Fatalities"),
                "nextUnreviewed": _("Next unreviewed"),
                "noneUnreviewed": _("No other unreviewed incident in this selection."),
                "asWritten": _("As written"),
                "findPlace": _("Find a place by its Arabic or English name"),
                "noPlaces": _("No place by that name in the gazetteer."),
                "orPoint": _("Or a point on the map"),
                "pickOnMap": _("Click the map to set the point"),
                "latitude": _("Latitude"),
                "longitude": _("Longitude"),
                "savePoint": _("Save this point"),
                "terms": display_terms(),  # stored English types, statuses, actors, sources → UI language
                **_analysis_labels(),
            },
        },
    )


@dashboard_access
def export(request, fmt: str):
    try:
        fs = selection(request.GET)
        qs = fs.qs
    except SelectionError as exc:
        return JsonResponse({"error": str(exc), "param": exc.param}, status=400)
    stamp = timezone.now().strftime("%Y%m%d-%H%M")
    # CSV and GeoJSON stream row by row (a server-side cursor on PostgreSQL): any size, flat memory.
    if fmt == "csv":
        response = StreamingHttpResponse(exports.csv_stream(qs), content_type="text/csv; charset=utf-8")
        name = f"incidents-{stamp}.csv"
    elif fmt == "geojson":
        response = StreamingHttpResponse(
            exports.geojson_stream(qs, unlocated=fs.unlocated_only), content_type="application/geo+json"
        )
        name = f"incidents-{stamp}.geojson"
    else:
        html, _n = exports.folium_map(qs, filters=exports.describe_selection(request.GET))
        response = HttpResponse(html, content_type="text/html; charset=utf-8")
        name = f"incidents-map-{stamp}.html"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
