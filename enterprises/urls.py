from django.urls import path

from . import views

app_name = "enterprises"

urlpatterns = [
    path("enterprises/", views.enterprise_list, name="enterprise-list"),
    path("enterprises/<slug:slug>/", views.enterprise_detail, name="enterprise-detail"),
]
