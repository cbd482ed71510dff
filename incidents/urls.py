"""Dashboard, exports and the JSON API."""

from django.urls import path, re_path

from . import api, basemap_views, views

app_name = "incidents"
urlpatterns = [
    path("", views.dashboard, name="home"),
    re_path(r"^export/incidents\.(?P<fmt>csv|geojson|html)$", views.export, name="export"),
    path("api/incidents", api.incidents, name="api-incidents"),
    path("api/map", api.map_points, name="api-map"),
    path("api/incidents/<int:pk>", api.incident_detail, name="api-incident"),
    path("api/incidents/<int:pk>/review", api.review, name="api-review"),
    path("api/timeline", api.timeline, name="api-timeline"),
    path("api/facets", api.facets, name="api-facets"),
    path("api/alerts", api.alerts, name="api-alerts"),
    path("api/acled/crosscheck", api.acled_crosscheck, name="api-acled-crosscheck"),
    path("api/acled/events", api.acled_events, name="api-acled-events"),
    path("api/basemap/towns", basemap_views.towns, name="basemap-towns"),
]
