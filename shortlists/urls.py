from django.urls import path

from . import views

app_name = "shortlists"

urlpatterns = [
    path(
        "account/municipalities/<slug:slug>/shortlists/",
        views.shortlist_list,
        name="shortlist-list",
    ),
    path(
        "account/municipalities/<slug:slug>/shortlists/new/",
        views.shortlist_create,
        name="shortlist-create",
    ),
    path("account/shortlists/add/", views.entry_add, name="entry-add"),
    path("account/shortlists/<int:pk>/", views.shortlist_detail, name="shortlist-detail"),
    path("account/shortlists/<int:pk>/edit/", views.shortlist_edit, name="shortlist-edit"),
    path("account/shortlists/<int:pk>/delete/", views.shortlist_delete, name="shortlist-delete"),
    path("account/shortlists/<int:pk>/download/", views.shortlist_csv, name="shortlist-csv"),
    path("account/shortlists/<int:pk>/invite/", views.shortlist_invite, name="shortlist-invite"),
    path(
        "account/shortlists/<int:pk>/invite-to-opportunity/",
        views.shortlist_invite_opportunity,
        name="shortlist-invite-opportunity",
    ),
    path(
        "account/shortlists/<int:pk>/entries/<int:entry_pk>/note/",
        views.entry_note,
        name="entry-note",
    ),
    path(
        "account/shortlists/<int:pk>/entries/<int:entry_pk>/remove/",
        views.entry_remove,
        name="entry-remove",
    ),
]
