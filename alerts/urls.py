from django.urls import path

from . import views

app_name = "alerts"

urlpatterns = [
    path("saved-searches/new/<slug:kind>/", views.search_create, name="search-create"),
    path("account/saved-searches/", views.search_list, name="search-list"),
    path("saved-searches/confirm/<str:token>/", views.search_confirm, name="search-confirm"),
    path("saved-searches/manage/<str:token>/", views.search_manage, name="search-manage"),
    path("saved-searches/unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
