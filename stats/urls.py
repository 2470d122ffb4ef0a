from django.urls import path

from . import views

app_name = "stats"

urlpatterns = [
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/<slug:chart>.csv", views.statistics_csv, name="statistics-csv"),
]
