"""What Kopā followed up on, and with whom: the log that keeps every follow-up to once."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class FollowUpKind(models.TextChoices):
    # object: the need; to its officers, with the next best matches.
    NEED_WITHOUT_INTEREST = "need_without_interest", _("need without interest")
    # object: the match; to the enterprise's representatives, by its officer's button.
    OFFICER_REMINDER = "officer_reminder", _("reminder asked for by the officer")
    # object: the match; viewed, not answered, three working days before the deadline.
    DEADLINE_REMINDER = "deadline_reminder", _("reminder before the deadline")
    # object: the cooperation; to both sides, 30 days after it was completed.
    COOPERATION_SURVEY = "cooperation_survey", _("survey after a cooperation")
    # object: the enterprise; round: the date the profile was last confirmed.
    PROFILE_CONFIRMATION = "profile_confirmation", _("profile confirmation")


class FollowUp(models.Model):
    """One follow-up email to one person. The row is written before the email is sent: the
    unique constraint lets only one run (or machine) claim it, so nobody hears twice."""

    kind = models.CharField(_("kind"), max_length=30, choices=FollowUpKind.choices)
    object_id = models.PositiveBigIntegerField(_("about"))
    # Follow-ups that come back (the profile, every 12 months) name their round.
    round = models.CharField(_("round"), max_length=20, blank=True, default="")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="followups",
    )
    sent_at = models.DateTimeField(_("sent"), db_index=True)

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "round", "recipient"], name="followup_once"
            ),
        ]
        indexes = [models.Index(fields=["recipient", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.object_id} → {self.recipient_id}"
