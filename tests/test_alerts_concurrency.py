"""Two runs of send_alerts at once (two timers, two machines) send each alert once.

On PostgreSQL each run has its own connection in a thread and the mail server is slow, so
both are inside the same searches at the same moment; SQLite serialises writers, so there
tests/test_alerts.py runs the command twice one after the other."""

import datetime
import threading
import time

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection, connections

from alerts.models import Frequency, SavedSearch, SearchKind
from alerts.services import send_due_alerts
from municipalities.models import Need

from .factories import NeedFactory, municipality

RIGA = datetime.timezone(datetime.timedelta(hours=2))
T0 = datetime.datetime(2026, 3, 2, 7, 0, tzinfo=RIGA)
DAY = datetime.timedelta(days=1)

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks between connections: PostgreSQL"
)


class SlowMailServer(EmailBackend):
    """Memory, like the other tests, but each message takes a moment, as over the network."""

    def send_messages(self, messages):
        time.sleep(0.3)
        return super().send_messages(messages)


def run_together(*actions) -> list:
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

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


@on_postgresql
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_at_once_send_each_alert_once(settings):
    settings.EMAIL_BACKEND = "tests.test_alerts_concurrency.SlowMailServer"
    addresses = [f"lasitajs{index}@inbox.lv" for index in range(4)]
    for address in addresses:
        SavedSearch.objects.create(
            email=address,
            kind=SearchKind.NEEDS,
            querystring="municipality=gulbenes-novads",
            name="Gulbenes vajadzības",
            frequency=Frequency.DAILY,
            language="lv",
            created_at=T0,
            confirmed_at=T0,
            last_sent_at=T0,
        )
    need = NeedFactory(municipality=municipality("gulbenes-novads"), title="Parka pļaušana")
    Need.objects.filter(pk=need.pk).update(published_at=T0 + DAY / 2)

    results = run_together(
        lambda: send_due_alerts(now=T0 + DAY), lambda: send_due_alerts(now=T0 + DAY)
    )

    assert all(isinstance(result, int) for result in results), results
    assert sum(results) == len(addresses)
    assert sorted(message.to[0] for message in mail.outbox) == sorted(addresses)
    assert set(SavedSearch.objects.values_list("last_sent_at", flat=True)) == {T0 + DAY}
