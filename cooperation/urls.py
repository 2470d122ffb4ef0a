from django.urls import path

from . import views

app_name = "cooperation"

urlpatterns = [
    path("cooperation-forms/", views.cooperation_forms, name="cooperation-forms"),
    path("stories/", views.story_list, name="story-list"),
    path("stories/<int:pk>/", views.story_detail, name="story-detail"),
    path("account/cooperations/", views.cooperation_list, name="cooperation-list"),
    path(
        "account/enterprises/<slug:slug>/propose/",
        views.cooperation_propose,
        name="cooperation-propose",
    ),
    path(
        "account/needs/<int:pk>/invite/<slug:slug>/",
        views.cooperation_invite,
        name="cooperation-invite",
    ),
    path("account/cooperations/<int:pk>/", views.cooperation_detail, name="cooperation-detail"),
    path("account/cooperations/<int:pk>/plan/", views.cooperation_plan, name="cooperation-plan"),
    path("account/cooperations/<int:pk>/step/", views.cooperation_step, name="cooperation-step"),
    path(
        "account/cooperations/<int:pk>/complete/",
        views.cooperation_complete,
        name="cooperation-complete",
    ),
    path(
        "account/cooperations/<int:pk>/publish/",
        views.cooperation_publish,
        name="cooperation-publish",
    ),
    path(
        "account/cooperations/<int:pk>/messages/",
        views.cooperation_message,
        name="cooperation-message",
    ),
]
