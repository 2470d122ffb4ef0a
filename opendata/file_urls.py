"""The open-data files, at addresses without a language prefix that stay the same for good.

A namespace of their own: two includes cannot share one, and the data dictionary lives
under the language prefix (``opendata.urls``)."""

from django.urls import path

from . import views

app_name = "opendata_files"

urlpatterns = [
    path("enterprises.csv", views.enterprises_csv, name="enterprises-csv"),
    path("enterprises.json", views.enterprises_json, name="enterprises-json"),
    path("needs.csv", views.needs_csv, name="needs-csv"),
    path("needs.json", views.needs_json, name="needs-json"),
    path("opportunities.csv", views.opportunities_csv, name="opportunities-csv"),
    path("opportunities.json", views.opportunities_json, name="opportunities-json"),
    path("statistics.json", views.statistics_json, name="statistics-json"),
    path("schema/<slug:name>.json", views.schema, name="schema"),
]
