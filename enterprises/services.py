"""Writes to enterprises that record who did them and when."""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import User

from .models import RegisterStatus, SocialEnterprise, Verification


@transaction.atomic
def record_verification(
    *, enterprise: SocialEnterprise, verification: Verification, by: User
) -> SocialEnterprise:
    """Record the outcome of checking the enterprise against the Ministry's register."""
    enterprise.verification = verification
    enterprise.checked_by = by
    enterprise.checked_at = timezone.now()
    enterprise.full_clean()
    enterprise.save()
    return enterprise


@transaction.atomic
def mark_status_ceased(
    *, enterprise: SocialEnterprise, ended_on: datetime.date, by: User
) -> SocialEnterprise:
    """Record that the enterprise lost its social enterprise status in the register."""
    enterprise.register_status = RegisterStatus.CEASED
    if enterprise.status_ended_on is None:
        enterprise.status_ended_on = ended_on
    enterprise.checked_by = by
    enterprise.checked_at = timezone.now()
    enterprise.full_clean()
    enterprise.save()
    return enterprise
