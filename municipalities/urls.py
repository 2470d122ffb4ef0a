from django.urls import path

from . import views

app_name = "municipalities"

urlpatterns = [
    path("municipalities/", views.municipality_list, name="municipality-list"),
    path("municipalities/<slug:slug>/", views.municipality_detail, name="municipality-detail"),
    path("needs/", views.need_list, name="need-list"),
    path("needs/<int:pk>/", views.need_detail, name="need-detail"),
    # Self-service under "My account".
    path("account/municipalities/request/", views.officer_request, name="officer-request"),
    path(
        "account/municipalities/<slug:slug>/",
        views.municipality_manage,
        name="municipality-manage",
    ),
    path(
        "account/municipalities/<slug:slug>/edit/",
        views.municipality_edit,
        name="municipality-edit",
    ),
    path("account/municipalities/<slug:slug>/needs/new/", views.need_create, name="need-create"),
    path("account/needs/<int:pk>/edit/", views.need_edit, name="need-edit"),
    path("account/needs/<int:pk>/status/", views.need_transition, name="need-transition"),
]
