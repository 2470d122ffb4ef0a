from django.urls import path

from . import views

app_name = "municipalities"

urlpatterns = [
    path("municipalities/", views.municipality_list, name="municipality-list"),
    path("municipalities/<slug:slug>/", views.municipality_detail, name="municipality-detail"),
    path("needs/", views.need_list, name="need-list"),
    path("needs/<int:pk>/", views.need_detail, name="need-detail"),
]
