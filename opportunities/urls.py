from django.urls import path

from . import views

app_name = "opportunities"

urlpatterns = [
    path("opportunities/", views.opportunity_list, name="opportunity-list"),
    path("opportunities/<int:pk>/", views.opportunity_detail, name="opportunity-detail"),
    path("opportunities/calendar/", views.calendar_month, name="calendar"),
    path("opportunities/calendar.ics", views.calendar_feed, name="calendar-feed"),
    path(
        "municipalities/<slug:slug>/opportunities.ics",
        views.municipality_calendar_feed,
        name="municipality-calendar-feed",
    ),
    # Self-service under "My account".
    path(
        "account/municipalities/<slug:slug>/opportunities/new/",
        views.opportunity_create,
        name="opportunity-create",
    ),
    path("account/opportunities/<int:pk>/edit/", views.opportunity_edit, name="opportunity-edit"),
    path(
        "account/opportunities/<int:pk>/status/",
        views.opportunity_transition,
        name="opportunity-transition",
    ),
    path(
        "account/opportunities/<int:pk>/applications/",
        views.application_list,
        name="application-list",
    ),
    path(
        "account/opportunities/<int:pk>/apply/<slug:slug>/",
        views.application_create,
        name="application-create",
    ),
    path(
        "account/applications/<int:pk>/decide/",
        views.application_decide,
        name="application-decide",
    ),
]
