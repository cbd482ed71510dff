"""Admin registrations (explicit: the project uses SimpleAdminConfig, see config/settings.py)."""

from django.contrib import admin

from .models import Article, Claim, Incident, Place, PlaceMention, Source

for model in (Source, Article, Place, Incident, Claim, PlaceMention):
    admin.site.register(model)
