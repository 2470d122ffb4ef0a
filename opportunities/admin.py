from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from portal.admin import FoldedSearchAdmin, WordLimitedSearchMixin

from .models import (
    KIND_FIELDS,
    Application,
    Opportunity,
    OpportunityInvitation,
    OpportunityStatus,
)
from .services import tell_suited_enterprises


def _facts_fieldsets() -> list[tuple[str, list[str]]]:
    """One folded section per kind with its facts; a fact two kinds share (the period)
    shows in the first."""
    seen = {"status_required"}
    sections = []
    for kind, label in Opportunity._meta.get_field("kind").choices:
        fields = [name for name in KIND_FIELDS[kind] if name not in seen]
        seen.update(fields)
        if fields:
            sections.append((label, fields))
    return sections


class ApplicationInline(admin.TabularInline):
    """Applications listed under their opportunity; decisions are the officers' to make."""

    model = Application
    fields = ["enterprise", "status", "places", "created_at", "decided_at", "cooperation"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("enterprise", "cooperation")


@admin.register(Opportunity)
class OpportunityAdmin(FoldedSearchAdmin):
    list_display = ["title_lv", "municipality", "kind", "status", "closes_on", "published_at"]
    list_filter = ["kind", "status", "status_required", "municipality__region"]
    list_select_related = ["municipality"]
    # The folded column: "stamerienas" finds "Stāmerienas", and a long query stays bounded.
    search_fields = ["search_text"]
    show_full_result_count = False
    autocomplete_fields = ["municipality", "partners"]
    readonly_fields = ["instrument", "created_by", "created_at", "updated_at"]
    filter_horizontal = ["categories", "target_groups"]
    inlines = [ApplicationInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "municipality",
                    "partners",
                    "kind",
                    "instrument",
                    "status",
                    "published_at",
                    "closes_on",
                    "status_required",
                ]
            },
        ),
        (
            _("Text"),
            {
                "fields": [
                    "title_lv",
                    "title_en",
                    "description_lv",
                    "description_en",
                    "who_may_apply",
                ]
            },
        ),
        (_("Who it favours"), {"fields": ["categories", "target_groups"]}),
        (_("Contact person"), {"fields": ["contact_name", "contact_email", "contact_phone"]}),
        *[
            (label, {"fields": fields, "classes": ["collapse"]})
            for label, fields in _facts_fieldsets()
        ],
        (None, {"fields": ["created_by", "created_at", "updated_at"]}),
    ]

    def save_model(self, request, obj, form, change):
        # Curators may set any status; opening one tells the enterprises it suits, as
        # publishing in the self-service does (after the commit, with its services saved).
        opening = obj.status == OpportunityStatus.OPEN and (
            not change or form.initial.get("status") != OpportunityStatus.OPEN
        )
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if opening:
            transaction.on_commit(lambda: tell_suited_enterprises(opportunity=obj))


@admin.register(Application)
class ApplicationAdmin(WordLimitedSearchMixin, SimpleHistoryAdmin):
    list_display = ["enterprise", "opportunity", "status", "created_at", "decided_at"]
    list_filter = ["status", "opportunity__kind"]
    list_select_related = ["enterprise", "opportunity"]
    search_fields = ["enterprise__name", "opportunity__title_lv"]
    raw_id_fields = ["opportunity", "enterprise", "cooperation"]
    readonly_fields = ["created_by", "created_at", "decided_by", "decided_at"]


@admin.register(OpportunityInvitation)
class OpportunityInvitationAdmin(WordLimitedSearchMixin, admin.ModelAdmin):
    """Who a municipality invited to apply, from a shortlist: a record, written only by
    ``shortlists.services.invite_shortlist_to_opportunity`` (which emails the enterprise)."""

    list_display = ["enterprise", "opportunity", "invited_by", "invited_at"]
    list_select_related = ["enterprise", "opportunity", "invited_by"]
    search_fields = ["enterprise__name", "opportunity__title_lv"]
    readonly_fields = ["opportunity", "enterprise", "invited_by", "invited_at", "note"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
