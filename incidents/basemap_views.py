"""The basemap's one dynamic part: the gazetteer's towns, ranked for labelling (see basemap.py)."""

from django.http import JsonResponse
from django.views.decorators.cache import cache_control

from . import basemap
from .access import dashboard_access


@dashboard_access
@cache_control(private=True, max_age=600)
def towns(request):
    return JsonResponse(basemap.towns(), json_dumps_params={"ensure_ascii": False})
