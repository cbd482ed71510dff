"""Dashboard, exports and the JSON API."""

from django.urls import path, re_path

from . import api, basemap_views, review_api, views

app_name = "incidents"
urlpatterns = [
    path("", views.dashboard, name="home"),
    re_path(r"^export/incidents\.(?P<fmt>csv|geojson|html)$", views.export, name="export"),
    path("api/incidents", api.incidents, name="api-incidents"),
    path("api/map", api.map_points, name="api-map"),
    path("api/map/grid", api.map_grid, name="api-map-grid"),
    path("api/incidents/<int:pk>", api.incident_detail, name="api-incident"),
    path("api/incidents/<int:pk>/review", api.review, name="api-review"),
    path("api/incidents/<int:pk>/edit", review_api.edit, name="api-edit"),
    path("api/incidents/<int:pk>/place", review_api.place, name="api-place"),
    path("api/incidents/next-unreviewed", review_api.next_unreviewed, name="api-next-unreviewed"),
    path("api/places", review_api.place_search, name="api-places"),
    path("api/summary", api.selection_summary, name="api-summary"),
    path("api/timeline", api.timeline, name="api-timeline"),
    path("api/facets", api.facets, name="api-facets"),
    path("api/alerts", api.alerts, name="api-alerts"),
    path("api/acled/crosscheck", api.acled_crosscheck, name="api-acled-crosscheck"),
    path("api/acled/events", api.acled_events, name="api-acled-events"),
    path("api/basemap/towns", basemap_views.towns, name="basemap-towns"),
]
