"""The curators' desk: what waits for a curator, counted on the admin index.

Each queue is one entry of ``QUEUES``: its label, the rows waiting (a QuerySet method of
its model) and the admin changelist filter that lists the same rows. Add a queue by adding
an entry; the index (``portal.admin_site.KopaAdminSite``) and its tests read them all.
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.apps import apps
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Queue:
    """Rows of one model that wait for a curator, and where admin lists them."""

    label: Promise
    model: str  # "app_label.ModelName"
    waiting: Callable[[QuerySet], QuerySet]  # from the model's default QuerySet
    # The changelist's query string that lists exactly ``waiting`` (its list filters).
    query: Mapping[str, str] = field(default_factory=dict)

    @property
    def model_class(self):
        return apps.get_model(self.model)

    def count(self) -> int:
        return self.waiting(self.model_class._default_manager.all()).count()

    def url(self) -> str:
        opts = self.model_class._meta
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        return f"{changelist}?{urlencode(self.query)}" if self.query else changelist

    def visible_to(self, user) -> bool:
        """Only those who may open the list see the queue (and its count)."""
        opts = self.model_class._meta
        return user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
            f"{opts.app_label}.change_{opts.model_name}"
        )


QUEUES: list[Queue] = [
    Queue(
        _("Enterprises awaiting verification"),
        "enterprises.SocialEnterprise",
        lambda enterprises: enterprises.awaiting_verification(),
        {"verification__exact": "pending"},
    ),
    Queue(
        _("Requests to represent an enterprise"),
        "enterprises.Representative",
        lambda memberships: memberships.pending(),
        {"status__exact": "pending"},
    ),
    Queue(
        _("Changes waiting for review"),
        "enterprises.EnterpriseChangeRequest",
        lambda requests: requests.pending(),
        {"status__exact": "pending"},
    ),
    Queue(
        _("Requests to act for a municipality"),
        "municipalities.Officer",
        lambda memberships: memberships.pending(),
        {"status__exact": "pending"},
    ),
    Queue(
        _("Register checks older than 12 months"),
        "enterprises.SocialEnterprise",
        lambda enterprises: enterprises.due_for_check(),
        {"check": "overdue"},
    ),
    Queue(
        _("Failed register imports"),
        "enterprises.RegisterImport",
        lambda imports: imports.unresolved(),
        {"failed": "unresolved"},
    ),
]


def desk_for(user) -> list[tuple[Queue, int]]:
    """The queues the user may open, each with how many rows wait: one count query each."""
    return [(queue, queue.count()) for queue in QUEUES if queue.visible_to(user)]
