from django.contrib import admin

from cooperation.models import CooperationSurvey

from .models import FollowUp


class ReadOnlyAdmin(admin.ModelAdmin):
    """Written by the follow-ups and the surveys themselves; curators only read them."""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(FollowUp)
class FollowUpAdmin(ReadOnlyAdmin):
    list_display = ["kind", "object_id", "round", "recipient", "sent_at"]
    list_filter = ["kind"]
    list_select_related = ["recipient"]
    date_hierarchy = "sent_at"


@admin.register(CooperationSurvey)
class CooperationSurveyAdmin(ReadOnlyAdmin):
    list_display = [
        "cooperation",
        "side",
        "happened_as_planned",
        "value_eur",
        "jobs_created",
        "target_group_people",
        "would_have_found_without_portal",
        "answered_at",
    ]
    list_filter = ["side", "happened_as_planned", "would_have_found_without_portal"]
    list_select_related = ["cooperation"]
