"""The basemap's one dynamic part: the gazetteer's towns and villages, ranked for labelling (basemap.py)."""

from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.views.decorators.cache import cache_control

from . import basemap
from .access import dashboard_access
from .filters import BBoxField


@dashboard_access
@cache_control(private=True, max_age=600)
def towns(request):
    """The ranked towns; with ?bbox=minlon,minlat,maxlon,maxlat every town and village in that view."""
    raw = request.GET.get("bbox", "")
    if not raw:
        return JsonResponse(basemap.towns(), json_dumps_params={"ensure_ascii": False})
    try:
        bbox = BBoxField(required=False).clean(raw[:200])
    except ValidationError as exc:
        return JsonResponse({"error": " ".join(exc.messages), "param": "bbox"}, status=400)
    return JsonResponse(basemap.places_in(bbox), json_dumps_params={"ensure_ascii": False})
