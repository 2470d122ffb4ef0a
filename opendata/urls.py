"""The data dictionary, a page in the visitor's language. The files themselves read the same
in every language, so they live outside the language prefix: see ``file_urls``."""

from django.urls import path

from . import views

app_name = "opendata"

urlpatterns = [
    path("open-data/", views.data_dictionary, name="data-dictionary"),
]
