from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("inbox/", views.inbox, name="inbox"),
    path("email-preferences/", views.email_preferences, name="email-preferences"),
    path("personal-data/", views.personal_data_download, name="personal-data"),
    path("delete/", views.account_delete, name="account-delete"),
    path(
        "two-factor/confirm/<str:token>/",
        views.mfa_enrolment_confirm,
        name="mfa-enrolment-confirm",
    ),
]
