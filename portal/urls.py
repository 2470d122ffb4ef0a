from allauth.account.decorators import secure_admin_login
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from . import views

# Admin logs in through allauth, so guessing passwords at /admin/login/ meets its rate limits.
admin.site.login = secure_admin_login(admin.site.login)

handler500 = views.server_error

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health/", views.health, name="health"),
    path("open-data/", include("opendata.file_urls")),
]

urlpatterns += i18n_patterns(
    path("", views.home, name="home"),
    path("privacy/", views.privacy, name="privacy"),
    path("", include("enterprises.urls")),
    path("", include("municipalities.urls")),
    path("", include("cooperation.urls")),
    path("", include("matching.urls")),
    path("", include("opendata.urls")),
    path("", include("stats.urls")),
    path("", include("opportunities.urls")),
    path("", include("followups.urls")),
    path("", include("alerts.urls")),
    path("", include("shortlists.urls")),
    path("auth/", include("allauth.urls")),
    path("account/", include("accounts.urls")),
)
