"""Who may use which page of the portal, as one table.

`tests/test_authorization.py` signs in as each actor below and checks every entry against the
running portal (and fails on a URL nobody listed here); `manage.py security_table` writes the
same table into README's Security section. The rules themselves live in each app's
`rules.py`: this is what they must add up to.

Each actor is a person in the test's small world: enterprise A with its representative and
enterprise B with another, municipality X with its officer and municipality Y with another,
a curator (staff with two factors), and a staff account without a second factor while the
portal requires one. Pages are asked for an object of A or X.
"""

from enterprises.models import Verification
from municipalities.models import NeedStatus
from opportunities.models import OpportunityStatus

ACTORS = [
    "anonymous",
    "rep_a",
    # Asked to represent A and waits for approval: may prepare A's profile and offerings
    # while A itself is not public, and never speak for A (propose, write, answer, decide who
    # joins), nor change A once it is public.
    "pending_a",
    "rep_b",
    "officer_x",
    "officer_y",
    "admin",
    # A curator's account whose password alone was used: no staff powers anywhere.
    "staff_no_mfa",
    # More actors go here, with a column in README_COLUMNS below.
]
SIGNED_IN = set(ACTORS) - {"anonymous"}
EVERYONE = set(ACTORS)

# Pages anyone may read and nobody changes data through.
PUBLIC_PAGES = {
    "home",
    "health",
    "privacy",
    "enterprises:enterprise-list",
    "enterprises:enterprise-detail",
    "municipalities:municipality-list",
    "municipalities:municipality-detail",
    "municipalities:need-list",
    "cooperation:cooperation-forms",
    "cooperation:story-list",
    "cooperation:story-detail",
    "stats:statistics",
    "stats:statistics-csv",
    "opendata:data-dictionary",
    "opendata_files:enterprises-csv",
    "opendata_files:enterprises-json",
    "opendata_files:needs-csv",
    "opendata_files:needs-json",
    "opendata_files:statistics-json",
    "opendata_files:opportunities-csv",
    "opendata_files:opportunities-json",
    "opendata_files:schema",
    "opportunities:opportunity-list",
    "opportunities:calendar",
    "opportunities:calendar-feed",
    "opportunities:municipality-calendar-feed",
}

# Reached by a signed token in an email, not by who is logged in: tested in test_matching
# and (the staff's two-factor enrolment link) in test_mfa_staff.
TOKEN_PAGES = {
    "matching:answer-by-link",
    "matching:unsubscribe",
    "accounts:mfa-enrolment-confirm",
    # Follow-up emails (tests/test_followups.py): a side's survey, "is this still right?",
    # and one-click unsubscribe from reminders.
    "followups:survey-by-link",
    "followups:confirm-profile",
    "followups:unsubscribe",
    # A saved search of someone without an account, by the signed link for that one search
    # (tested in test_alerts).
    "alerts:search-confirm",
    "alerts:search-manage",
    "alerts:unsubscribe",
}

# url name -> {state of the object: actors who may use the page}
POLICY = {
    "accounts:dashboard": {"-": SIGNED_IN},
    "accounts:inbox": {"-": SIGNED_IN},
    "accounts:email-preferences": {"-": SIGNED_IN},
    # Each person's own data and account: there is no one else's to ask for.
    "accounts:personal-data": {"-": SIGNED_IN},
    "accounts:account-delete": {"-": SIGNED_IN},
    # Anyone may save a search; without an account it waits for the address's confirmation.
    "alerts:search-create": {"-": EVERYONE},
    # Each person's own saved searches: another's number is refused by the form.
    "alerts:search-list": {"-": SIGNED_IN},
    "matching:need-matches": {
        NeedStatus.DRAFT: {"officer_x", "admin"},
        NeedStatus.OPEN: EVERYONE,
    },
    "matching:needs-for-enterprise": {
        Verification.VERIFIED: {"rep_a", "admin"},
        Verification.PENDING: {"rep_a", "admin"},
    },
    "matching:answer": {
        Verification.VERIFIED: {"rep_a", "admin"},
        Verification.PENDING: {"rep_a", "admin"},
    },
    "cooperation:cooperation-list": {"-": SIGNED_IN},
    "cooperation:cooperation-propose": {
        Verification.VERIFIED: {"rep_a", "admin"},
        Verification.PENDING: {"rep_a", "admin"},
    },
    "cooperation:cooperation-invite": {"-": {"officer_x", "admin"}},
    "cooperation:cooperation-detail": {"-": {"rep_a", "officer_x", "admin"}},
    "cooperation:cooperation-plan": {"-": {"rep_a", "officer_x"}},
    "cooperation:cooperation-step": {"-": {"rep_a", "officer_x"}},
    "cooperation:cooperation-complete": {"-": {"rep_a", "officer_x"}},
    "cooperation:cooperation-publish": {"-": {"rep_a", "officer_x"}},
    "cooperation:cooperation-message": {"-": {"rep_a", "officer_x"}},
    "enterprises:enterprise-register": {"-": SIGNED_IN},
    "enterprises:enterprise-join": {"-": SIGNED_IN},
    # The state is A's verification: only a pending (not public) enterprise may be prepared
    # by a representative who waits for approval.
    "enterprises:enterprise-manage": {
        Verification.VERIFIED: {"rep_a", "admin"},
        Verification.PENDING: {"rep_a", "pending_a", "admin"},
    },
    "enterprises:enterprise-edit": {
        Verification.VERIFIED: {"rep_a", "admin"},
        Verification.PENDING: {"rep_a", "pending_a", "admin"},
    },
    "enterprises:offering-create": {
        Verification.VERIFIED: {"rep_a", "admin"},
        Verification.PENDING: {"rep_a", "pending_a", "admin"},
    },
    "enterprises:offering-edit": {
        Verification.VERIFIED: {"rep_a", "admin"},
        Verification.PENDING: {"rep_a", "pending_a", "admin"},
    },
    "enterprises:offering-retire": {
        Verification.VERIFIED: {"rep_a", "admin"},
        Verification.PENDING: {"rep_a", "pending_a", "admin"},
    },
    "enterprises:representative-decide": {
        Verification.VERIFIED: {"rep_a", "admin"},
        Verification.PENDING: {"rep_a", "admin"},
    },
    "municipalities:officer-request": {"-": SIGNED_IN},
    "municipalities:municipality-manage": {"-": {"officer_x", "admin"}},
    "municipalities:municipality-edit": {"-": {"officer_x", "admin"}},
    "municipalities:need-create": {"-": {"officer_x", "admin"}},
    "municipalities:need-edit": {
        NeedStatus.DRAFT: {"officer_x", "admin"},
        NeedStatus.OPEN: {"officer_x", "admin"},
    },
    "municipalities:need-transition": {
        NeedStatus.DRAFT: {"officer_x", "admin"},
        NeedStatus.OPEN: {"officer_x", "admin"},
    },
    "municipalities:need-detail": {
        NeedStatus.DRAFT: {"officer_x", "admin"},
        NeedStatus.OPEN: EVERYONE,
    },
    "opportunities:opportunity-detail": {
        OpportunityStatus.DRAFT: {"officer_x", "admin"},
        OpportunityStatus.OPEN: EVERYONE,
    },
    "opportunities:opportunity-create": {"-": {"officer_x", "admin"}},
    "opportunities:opportunity-edit": {
        OpportunityStatus.DRAFT: {"officer_x", "admin"},
        OpportunityStatus.OPEN: {"officer_x", "admin"},
    },
    "opportunities:opportunity-transition": {
        OpportunityStatus.DRAFT: {"officer_x", "admin"},
        OpportunityStatus.OPEN: {"officer_x", "admin"},
    },
    # Only the managing municipality's officers read who applied and decide.
    "opportunities:application-list": {"-": {"officer_x", "admin"}},
    "opportunities:application-decide": {"-": {"officer_x", "admin"}},
    # An application speaks for the enterprise: its own representatives only.
    "opportunities:application-create": {"-": {"rep_a"}},
    # Reminding the best matches of a need nobody answered: its municipality's officers.
    "followups:need-followup": {NeedStatus.OPEN: {"officer_x", "admin"}},
    # Each side answers for itself; administrators read the answers in Django admin.
    "followups:survey": {"-": {"rep_a", "officer_x"}},
    # A municipality's shortlists and the notes on them: its own officers (and curators) only;
    # the enterprises on a list never see it.
    "shortlists:shortlist-list": {"-": {"officer_x", "admin"}},
    "shortlists:shortlist-create": {"-": {"officer_x", "admin"}},
    "shortlists:shortlist-detail": {"-": {"officer_x", "admin"}},
    "shortlists:shortlist-edit": {"-": {"officer_x", "admin"}},
    "shortlists:shortlist-delete": {"-": {"officer_x", "admin"}},
    "shortlists:shortlist-csv": {"-": {"officer_x", "admin"}},
    "shortlists:shortlist-invite": {"-": {"officer_x", "admin"}},
    "shortlists:shortlist-invite-opportunity": {"-": {"officer_x", "admin"}},
    "shortlists:entry-add": {"-": {"officer_x", "admin"}},
    "shortlists:entry-note": {"-": {"officer_x", "admin"}},
    "shortlists:entry-remove": {"-": {"officer_x", "admin"}},
}

# Django admin (every registered model's list and add page): curators only. Staff without a
# second factor are sent to set one up instead.
ADMIN = {"admin"}

# What each page lets a person do, for README (a new POLICY entry needs one too).
WHAT = {
    "accounts:dashboard": "see their own dashboard",
    "accounts:inbox": "see what waits for their action",
    "accounts:email-preferences": "change their own email preferences",
    "accounts:personal-data": "download their own personal data",
    "accounts:account-delete": "delete their own account",
    "alerts:search-create": "save a search of a list and get new results by email",
    "alerts:search-list": "change or delete their own saved searches",
    "matching:need-matches": "see which enterprises match a need",
    "matching:needs-for-enterprise": "see which needs match an enterprise",
    "matching:answer": "answer a match on behalf of an enterprise",
    "cooperation:cooperation-list": "list the cooperations they take part in",
    "cooperation:cooperation-propose": "propose cooperation on behalf of an enterprise",
    "cooperation:cooperation-invite": "invite an enterprise to cooperate on a need",
    "cooperation:cooperation-detail": "read a cooperation with its messages and contacts",
    "cooperation:cooperation-plan": "change a proposal's plan",
    "cooperation:cooperation-step": "record a step of a cooperation",
    "cooperation:cooperation-complete": "mark a cooperation completed",
    "cooperation:cooperation-publish": "publish a cooperation as a success story",
    "cooperation:cooperation-message": "write a message in a cooperation",
    "enterprises:enterprise-register": "register an enterprise",
    "enterprises:enterprise-join": "ask to represent an enterprise",
    "enterprises:enterprise-manage": "manage an enterprise",
    "enterprises:enterprise-edit": "edit an enterprise's profile",
    "enterprises:offering-create": "add an offering to an enterprise",
    "enterprises:offering-edit": "edit an enterprise's offering",
    "enterprises:offering-retire": "retire an enterprise's offering",
    "enterprises:representative-decide": "approve or refuse a request to represent an enterprise",
    "municipalities:officer-request": "ask to act for a municipality",
    "municipalities:municipality-manage": "manage a municipality",
    "municipalities:municipality-edit": "edit a municipality's profile",
    "municipalities:need-create": "post a need for a municipality",
    "municipalities:need-edit": "edit a municipality's need",
    "municipalities:need-transition": "publish, close or reopen a municipality's need",
    "municipalities:need-detail": "read a need",
    "opportunities:opportunity-detail": "read an opportunity a municipality offers",
    "opportunities:opportunity-create": "offer an opportunity for a municipality",
    "opportunities:opportunity-edit": "edit a municipality's opportunity",
    "opportunities:opportunity-transition": "publish, close or award a municipality's opportunity",
    "opportunities:application-list": "see who applied for a municipality's opportunity",
    "opportunities:application-decide": "shortlist, accept or decline an application",
    "opportunities:application-create": "apply for an opportunity on behalf of an enterprise",
    "followups:need-followup": "remind the best matches of a need nobody answered",
    "followups:survey": "answer the survey after a completed cooperation, for their side",
    "shortlists:shortlist-list": "see a municipality's shortlists of enterprises",
    "shortlists:shortlist-create": "start a shortlist for a municipality",
    "shortlists:shortlist-detail": "read a municipality's shortlist with its private notes",
    "shortlists:shortlist-edit": "rename a municipality's shortlist",
    "shortlists:shortlist-delete": "delete a municipality's shortlist",
    "shortlists:shortlist-csv": "download a municipality's shortlist as CSV",
    "shortlists:shortlist-invite": "invite a municipality's whole shortlist to a need",
    "shortlists:shortlist-invite-opportunity": (
        "invite a municipality's whole shortlist to apply for its open opportunity"
    ),
    "shortlists:entry-add": "add an enterprise to a municipality's shortlist",
    "shortlists:entry-note": "write a private note on a shortlisted enterprise",
    "shortlists:entry-remove": "remove an enterprise from a municipality's shortlist",
}
STATE_NAMES = {
    NeedStatus.DRAFT: "a draft",
    NeedStatus.OPEN: "an open one",
    Verification.VERIFIED: "a verified one",
    Verification.PENDING: "one not yet verified",
}

# README's columns: heading, the actor whose own object is asked for, the actor who holds the
# same role elsewhere (or None), and what to say when only the first may.
README_COLUMNS = [
    ("visitor", "anonymous", None, ""),
    ("representative", "rep_a", "rep_b", "own enterprise"),
    ("representative waiting for approval", "pending_a", "rep_b", "own enterprise"),
    ("officer", "officer_x", "officer_y", "own municipality"),
    ("curator", "admin", None, ""),
    ("staff without two factors", "staff_no_mfa", None, ""),
]

START = "<!-- security-table:start -->"
END = "<!-- security-table:end -->"


def _cell(allowed: set[str], own: str, other: str | None, own_only: str) -> str:
    if own not in allowed:
        return "–"
    if other is None or other in allowed:
        return "yes"
    return own_only


def _row(what: str, cells: list[str]) -> str:
    return "| " + " | ".join([what, *cells]) + " |"


def security_table() -> str:
    """The Markdown table README shows between START and END."""
    columns = README_COLUMNS
    lines = [
        _row("who may …", [heading for heading, *_ in columns]),
        _row("---", ["---" for _ in columns]),
        _row("read the public pages and open data", ["yes" for _ in columns]),
    ]
    for name, states in POLICY.items():
        for state, allowed in states.items():
            what = WHAT[name] + (f" ({STATE_NAMES[state]})" if state != "-" else "")
            lines.append(_row(what, [_cell(allowed, *column[1:]) for column in columns]))
    lines.append(_row("use Django admin", [_cell(ADMIN, *column[1:]) for column in columns]))
    return "\n".join(lines)


def with_security_table(readme: str) -> str:
    """README's text with the table between its markers replaced by the current one."""
    before, rest = readme.split(START, 1)
    _, after = rest.split(END, 1)
    return f"{before}{START}\n{security_table()}\n{END}{after}"
