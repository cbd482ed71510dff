"""Who may read the dashboard: signed-in users, or everyone (read-only) when PUBLIC_DASHBOARD is on."""

from functools import wraps

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import JsonResponse
from django.views.decorators.http import require_safe


def dashboard_access(view):
    """GET/HEAD only; anonymous users are sent to the login page (or get a 401 from the API)."""

    @require_safe
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if settings.PUBLIC_DASHBOARD or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        if request.path.startswith("/api/"):
            return JsonResponse({"error": "authentication required", "param": None}, status=401)
        return redirect_to_login(request.get_full_path())

    return wrapped
