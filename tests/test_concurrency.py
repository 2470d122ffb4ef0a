"""Two people at once: a stale form is refused with the person's text kept, an edit racing
"close" never reopens the need, two "agree"s are both recorded, and two proposals on one
need make one cooperation.

The races run in threads, each with its own database connection, on PostgreSQL, where
rows are locked one by one; SQLite takes the write lock at BEGIN (IMMEDIATE), so there the
same interleavings are tested one step after the other."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.urls import reverse

from cooperation.models import Cooperation, CooperationStatus, Side
from cooperation.services import propose, take_step
from enterprises.models import Offering, SocialEnterprise
from municipalities.forms import NeedForm
from municipalities.models import Need, NeedStatus
from municipalities.services import change_need_status, save_need
from portal.versioning import StaleEdit

from .factories import (
    NeedFactory,
    OfferingFactory,
    SocialEnterpriseFactory,
    category,
    instrument,
    municipality,
    officer_of,
    representative_of,
)

S = CooperationStatus
on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks between connections: PostgreSQL"
)
CONFLICT = "Kamēr jūs labojāt, kāds cits to jau saglabāja"

FIRST_TEXT = (
    "Stāmerienas pils parkā no maija līdz septembrim reizi nedēļā jāpļauj zāliens\n"
    "(ap 2,4 ha), jāgrābj lapas un jāiztīra celiņi. Darbā var iesaistīt cilvēkus ar\n"
    "invaliditāti; pašvaldība nodrošina zāles pļāvēju un degvielu."
)
SECOND_TEXT = (
    "Stāmerienas pils parkā jākopj ne tikai zāliens, bet arī ziedu dobes pie ieejas: ravēšana\n"
    "divreiz mēnesī, laistīšana sausuma laikā. Lūdzam piedāvājumā norādīt, cik cilvēku no\n"
    "mērķa grupām darbā iesaistīsiet un kā viņus apmācīsiet."
)


def need_data(need: Need, **changes) -> dict:
    return {
        "title": need.title,
        "description": need.description,
        "category": need.category_id,
        "instruments": [instrument("purchasing").pk],
        "version": need.version,
        **changes,
    }


def run_together(*actions) -> list:
    """Run each action in its own thread and connection, released at the same moment;
    return what each returned or raised."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait(timeout=10)
            results[index] = action()
        except Exception as error:  # the test looks at what each one met
            results[index] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=run, args=(index, action)) for index, action in enumerate(actions)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


# Stale forms, in the browser's order of events.


@pytest.mark.django_db
def test_second_officer_gets_the_conflict_with_their_text_kept(client):
    gulbene = municipality("gulbenes-novads")
    liga, peteris = (
        officer_of(gulbene, "liga@gulbene.lv"),
        officer_of(gulbene, "peteris@gulbene.lv"),
    )
    need = NeedFactory(municipality=gulbene, title="Stāmerienas parka kopšana")
    url = reverse("municipalities:need-edit", args=[need.pk])
    # Both open the form while the need is at the same version.
    client.force_login(liga)
    assert f'name="version" value="{need.version}"' in client.get(url).content.decode()
    read_by_both = need_data(need)

    client.force_login(liga)
    assert client.post(url, {**read_by_both, "description": FIRST_TEXT}).status_code == 302
    client.force_login(peteris)
    response = client.post(url, {**read_by_both, "description": SECOND_TEXT})
    page = response.content.decode()
    assert response.status_code == 409
    assert CONFLICT in page
    assert SECOND_TEXT.replace("\n", "\r\n") in page or SECOND_TEXT in page  # his text, kept
    assert "Kas saglabāts tagad" in page
    need.refresh_from_db()
    assert need.description == FIRST_TEXT  # Līga's work is not overwritten

    # Having seen both, he saves on top of the version now shown to him.
    version = int(page.split('name="version" value="')[1].split('"')[0])
    assert version == need.version
    response = client.post(url, {**read_by_both, "description": SECOND_TEXT, "version": version})
    assert response.status_code == 302
    need.refresh_from_db()
    assert need.description == SECOND_TEXT


@pytest.mark.django_db
def test_the_conflict_names_every_field_a_second_save_would_undo(client):
    gulbene = municipality("gulbenes-novads")
    liga, peteris = (
        officer_of(gulbene, "liga@gulbene.lv"),
        officer_of(gulbene, "peteris@gulbene.lv"),
    )
    need = NeedFactory(municipality=gulbene, title="Stāmerienas parka kopšana")
    url = reverse("municipalities:need-edit", args=[need.pk])
    read_by_both = need_data(need, budget_min="1000", budget_max="200000")
    client.force_login(liga)
    assert client.post(url, {**read_by_both, "budget_max": "250000"}).status_code == 302
    client.force_login(peteris)
    page = client.post(url, {**read_by_both, "description": SECOND_TEXT}).content.decode()
    saved = page.split('id="conflicts-heading"', 1)[1].split("</section>", 1)[0]
    # Līga's budget is named, with its saved value; his own new text is not a conflict of
    # hers, and nothing she left alone is listed.
    assert "250000" in saved
    assert "Stāmerienas parka kopšana" not in saved


@pytest.mark.django_db
def test_a_stale_offering_edit_is_refused(client):
    enterprise = SocialEnterpriseFactory(name="Veļas māja")
    offering = OfferingFactory(enterprise=enterprise, title="Veļas mazgāšana skolām")
    client.force_login(representative_of(enterprise, "ilze@velasmaja.lv"))
    url = reverse("enterprises:offering-edit", args=[offering.pk])
    read = {
        "title": offering.title,
        "kind": "service",
        "category": category("laundry").pk,
        "is_active": "on",
        "version": offering.version,
    }
    client.post(url, {**read, "description": "Mazgājam un gludinām gultasveļu."})
    response = client.post(url, {**read, "description": "Mazgājam arī darba apģērbus."})
    assert response.status_code == 409
    assert CONFLICT in response.content.decode()
    assert "Mazgājam arī darba apģērbus." in response.content.decode()
    assert Offering.objects.get(pk=offering.pk).description == "Mazgājam un gludinām gultasveļu."


@pytest.mark.django_db
def test_retiring_an_offering_makes_an_open_edit_form_stale(client):
    enterprise = SocialEnterpriseFactory(name="Veļas māja")
    offering = OfferingFactory(enterprise=enterprise)
    client.force_login(representative_of(enterprise, "ilze@velasmaja.lv"))
    read = {
        "title": "Jauns nosaukums",
        "kind": "service",
        "category": offering.category_id,
        "is_active": "on",
        "version": offering.version,
    }
    client.post(reverse("enterprises:offering-retire", args=[offering.pk]), {"active": "0"})
    response = client.post(reverse("enterprises:offering-edit", args=[offering.pk]), read)
    assert response.status_code == 409
    assert not Offering.objects.get(pk=offering.pk).is_active  # not brought back by a stale tab


@pytest.mark.django_db
def test_a_stale_profile_edit_is_refused(client):
    enterprise = SocialEnterpriseFactory(name="Veļas māja")
    client.force_login(representative_of(enterprise, "ilze@velasmaja.lv"))
    url = reverse("enterprises:enterprise-edit", args=[enterprise.slug])
    read = {
        "name": enterprise.name,
        "home_municipality": enterprise.home_municipality_id,
        "employees_total": "12",
        "employees_target_group": "5",
        "version": enterprise.version,
    }
    description = "Veļas māja Gulbenē nodarbina\ndeviņus cilvēkus ar invaliditāti."
    assert client.post(url, {**read, "description": description}).status_code == 302
    response = client.post(url, {**read, "description": "Cits apraksts, rakstīts vienlaikus."})
    assert response.status_code == 409
    assert "Cits apraksts, rakstīts vienlaikus." in response.content.decode()
    assert SocialEnterprise.objects.get(pk=enterprise.pk).description == description


@pytest.mark.django_db
def test_a_stale_plan_edit_is_refused(client):
    gulbene = municipality("gulbenes-novads")
    enterprise = SocialEnterpriseFactory(name="Veļas māja", home_municipality=gulbene)
    cooperation = Cooperation.objects.create(
        municipality=gulbene,
        enterprise=enterprise,
        initiated_by=Side.ENTERPRISE,
        status=S.IN_DISCUSSION,
        title="Skolu veļa",
        problem="Skolām nav, kas mazgā veļu.",
        solution="Veļas māja mazgā un gludina.",
    )
    url = reverse("cooperation:cooperation-plan", args=[cooperation.pk])
    read = {
        "title": "Skolu veļa",
        "problem": "Skolām nav, kas mazgā veļu.",
        "instruments": [instrument("purchasing").pk],
        "version": cooperation.version,
    }
    client.force_login(officer_of(gulbene, "liga@gulbene.lv"))
    client.post(url, {**read, "solution": "Mazgā divreiz nedēļā."})
    client.force_login(representative_of(enterprise, "ilze@velasmaja.lv"))
    response = client.post(url, {**read, "solution": "Mazgā reizi nedēļā, gludina uz vietas."})
    assert response.status_code == 409
    assert "Mazgā reizi nedēļā, gludina uz vietas." in response.content.decode()
    cooperation.refresh_from_db()
    assert cooperation.solution == "Mazgā divreiz nedēļā."
    assert cooperation.events.filter(action="edit_plan").count() == 1


@pytest.mark.django_db
def test_an_edit_read_before_a_close_does_not_reopen_the_need():
    gulbene = municipality("gulbenes-novads")
    liga, peteris = (
        officer_of(gulbene, "liga@gulbene.lv"),
        officer_of(gulbene, "peteris@gulbene.lv"),
    )
    need = NeedFactory(municipality=gulbene)
    # Līga's copy is read, then Pēteris closes the need, then her edit is saved.
    stale = Need.objects.get(pk=need.pk)
    change_need_status(need=Need.objects.get(pk=need.pk), status=NeedStatus.CLOSED, by=peteris)
    form = NeedForm(need_data(stale, description=FIRST_TEXT), instance=stale)
    assert form.is_valid()
    with pytest.raises(StaleEdit):
        save_need(need=form.save(commit=False), by=liga, form=form, version=form.read_version)
    need.refresh_from_db()
    assert (need.status, need.description) == (NeedStatus.CLOSED, NeedFactory.description)
    # Even a client that sends no version cannot write the status from its stale copy.
    form = NeedForm(need_data(stale, description=FIRST_TEXT, version=""), instance=stale)
    assert form.is_valid()
    save_need(need=form.save(commit=False), by=liga, form=form, version=form.read_version)
    need.refresh_from_db()
    assert (need.status, need.description) == (NeedStatus.CLOSED, FIRST_TEXT)


# Races between connections.


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_edit_racing_a_close_never_reopens_the_need():
    gulbene = municipality("gulbenes-novads")
    liga, peteris = (
        officer_of(gulbene, "liga@gulbene.lv"),
        officer_of(gulbene, "peteris@gulbene.lv"),
    )
    edits_saved = 0
    for attempt in range(12):
        need = NeedFactory(municipality=gulbene, title=f"Parka kopšana {attempt}")
        stale = Need.objects.get(pk=need.pk)
        # Half of the edits send the version they read, half (an old tab) send none.
        data = need_data(stale, description=FIRST_TEXT)
        if attempt % 2:
            data["version"] = ""
        form = NeedForm(data, instance=stale)
        assert form.is_valid()

        def edit(form=form):
            return save_need(
                need=form.save(commit=False), by=liga, form=form, version=form.read_version
            )

        def close(pk=need.pk):
            return change_need_status(
                need=Need.objects.get(pk=pk), status=NeedStatus.CLOSED, by=peteris
            )

        edited, closed = run_together(edit, close)
        assert isinstance(closed, Need), closed
        assert edited is None or isinstance(edited, (Need, StaleEdit)), edited
        need.refresh_from_db()
        assert need.status == NeedStatus.CLOSED, f"attempt {attempt} reopened the need"
        edits_saved += need.description == FIRST_TEXT
    # The versionless edits go through (after the close, or before it).
    assert edits_saved >= 6


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_both_sides_agreeing_at_once_are_both_recorded():
    gulbene = municipality("gulbenes-novads")
    enterprise = SocialEnterpriseFactory(name="Veļas māja", home_municipality=gulbene)
    liga = officer_of(gulbene, "liga@gulbene.lv")
    ilze = representative_of(enterprise, "ilze@velasmaja.lv")
    for attempt in range(6):
        need = NeedFactory(municipality=gulbene)
        cooperation = Cooperation.objects.create(
            municipality=gulbene,
            enterprise=enterprise,
            need=need,
            initiated_by=Side.ENTERPRISE,
            status=S.IN_DISCUSSION,
            title=f"Skolu veļa {attempt}",
            problem="Skolām nav, kas mazgā veļu.",
            solution="Veļas māja mazgā un gludina.",
        )
        # Each side's page was loaded before either pressed the button.
        theirs = Cooperation.objects.get(pk=cooperation.pk)
        ours = Cooperation.objects.get(pk=cooperation.pk)
        results = run_together(
            lambda theirs=theirs: take_step(
                cooperation=theirs, action="agree", side=Side.MUNICIPALITY, by=liga
            ),
            lambda ours=ours: take_step(
                cooperation=ours, action="agree", side=Side.ENTERPRISE, by=ilze
            ),
        )
        assert all(isinstance(result, Cooperation) for result in results), results
        cooperation.refresh_from_db()
        assert cooperation.municipality_agreed_at and cooperation.enterprise_agreed_at
        assert cooperation.status == S.AGREED, f"attempt {attempt} lost an agreement"
        assert cooperation.events.filter(action="agree").count() == 2
        need.refresh_from_db()
        assert need.status == NeedStatus.IN_PROGRESS


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_proposals_on_one_need_at_once_make_one_cooperation():
    gulbene = municipality("gulbenes-novads")
    enterprise = SocialEnterpriseFactory(name="Veļas māja", home_municipality=gulbene)
    liga = officer_of(gulbene, "liga@gulbene.lv")
    ilze = representative_of(enterprise, "ilze@velasmaja.lv")
    for attempt in range(6):
        need = NeedFactory(municipality=gulbene, title=f"Skolu veļa {attempt}")

        def offer(side, by, need=need):
            return propose(
                cooperation=Cooperation(
                    municipality=gulbene,
                    enterprise=enterprise,
                    need=need,
                    title=f"Skolu veļa ({side})",
                    problem="Skolām nav, kas mazgā veļu.",
                    solution="Veļas māja mazgā un gludina.",
                ),
                side=side,
                by=by,
            )

        results = run_together(
            lambda: offer(Side.MUNICIPALITY, liga), lambda: offer(Side.ENTERPRISE, ilze)
        )
        assert sorted(type(result).__name__ for result in results) == [
            "Cooperation",
            "ValidationError",
        ], results
        refused = next(result for result in results if isinstance(result, ValidationError))
        assert "jau ir sadarbība, kas nav beigusies" in refused.messages[0]
        assert Cooperation.objects.filter(need=need).count() == 1
