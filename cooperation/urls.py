from django.urls import path

from . import views

app_name = "cooperation"

urlpatterns = [
    path("cooperation-forms/", views.cooperation_forms, name="cooperation-forms"),
]
