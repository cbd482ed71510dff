"""URL map: the dashboard and API live in incidents.urls; the admin is registered explicitly."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

import incidents.admin  # noqa: F401  (registers the ModelAdmins; SimpleAdminConfig)

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("incidents.urls")),
]
