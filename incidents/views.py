"""Dashboard views (placeholder home until the map lands)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from .models import Article, Incident, Place


@login_required
def home(request):
    return render(
        request,
        "incidents/home.html",
        {
            "incident_count": Incident.objects.visible().count(),
            "article_count": Article.objects.count(),
            "place_count": Place.objects.count(),
        },
    )
