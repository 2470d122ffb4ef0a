from django.urls import path

from . import views

app_name = "enterprises"

urlpatterns = [
    path("enterprises/", views.enterprise_list, name="enterprise-list"),
    path("enterprises/<slug:slug>/", views.enterprise_detail, name="enterprise-detail"),
    # Self-service under "My account".
    path("account/enterprises/new/", views.enterprise_register, name="enterprise-register"),
    path("account/enterprises/join/", views.enterprise_join, name="enterprise-join"),
    path("account/enterprises/<slug:slug>/", views.enterprise_manage, name="enterprise-manage"),
    path("account/enterprises/<slug:slug>/edit/", views.enterprise_edit, name="enterprise-edit"),
    path(
        "account/enterprises/<slug:slug>/offerings/new/",
        views.offering_create,
        name="offering-create",
    ),
    path("account/offerings/<int:pk>/edit/", views.offering_edit, name="offering-edit"),
    path("account/offerings/<int:pk>/retire/", views.offering_retire, name="offering-retire"),
    path(
        "account/representatives/<int:pk>/decide/",
        views.representative_decide,
        name="representative-decide",
    ),
]
