from django.urls import path

from . import views

app_name = "matching"

urlpatterns = [
    path("needs/<int:pk>/matches/", views.need_matches, name="need-matches"),
    path(
        "account/enterprises/<slug:slug>/needs/",
        views.needs_for_enterprise,
        name="needs-for-enterprise",
    ),
    path("account/matches/<int:pk>/answer/", views.answer, name="answer"),
    path("matches/answer/<str:token>/", views.answer_by_link, name="answer-by-link"),
    path("matches/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
