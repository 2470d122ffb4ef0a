from django.urls import path

from . import views

app_name = "followups"

urlpatterns = [
    path("needs/<int:pk>/follow-up/", views.need_followup, name="need-followup"),
    path("account/cooperations/<int:pk>/survey/", views.survey, name="survey"),
    path("follow-up/survey/<str:token>/", views.survey_by_link, name="survey-by-link"),
    path("follow-up/confirm/<str:token>/", views.confirm_profile_by_link, name="confirm-profile"),
    path("follow-up/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
