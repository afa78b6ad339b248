"""Failure tests: what a resident or coordinator sees when the database is busy or two people
act at once. Covered elsewhere and not repeated here:

- Elasticsearch down → the database answers: tests/directory/test_search_elasticsearch.py
  (test_when_elasticsearch_is_down_the_database_answers_and_a_warning_is_logged);
- an import interrupted midway writes nothing: tests/directory/test_importing.py
  (test_an_error_while_writing_leaves_nothing_behind, test_one_bad_row_imports_nothing_…).
"""

from __future__ import annotations

import threading
import time

import pytest
from django.core.exceptions import ValidationError
from django.db import OperationalError, connections, transaction
from django.http import HttpResponse
from django.test import RequestFactory

from cms.middleware import DatabaseBusyMiddleware
from directory.models import Organization, Region
from directory.public.models import DirectoryIndexPage
from matching import services
from matching.models import FailureReason, Placement, PlacementEvent, ReferralSource, Stage
from matching.reference_data import load_referral_sources
from matching.services import Actor, coordinator_assign
from tests.factories import ResourceFactory
from tests.matching.factories import ClientFactory, UserFactory

LOCKED = OperationalError("database is locked")


# --- SQLite busy -------------------------------------------------------------------------------


def test_a_write_that_finds_the_database_locked_answers_503_and_writes_nothing(db):
    def view(request):
        with transaction.atomic():
            Organization.objects.create(name="半分だけ保存される会")
            raise LOCKED  # the next statement waited out the busy timeout

    request = RequestFactory().post("/portal/")
    # Django's handler passes a view's exception to process_exception, as here.
    with pytest.raises(OperationalError) as raised:
        view(request)
    response = DatabaseBusyMiddleware(view).process_exception(request, raised.value)

    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "混み合っています" in response.content.decode()
    assert not Organization.objects.filter(name="半分だけ保存される会").exists()


def test_other_database_errors_are_not_hidden_behind_a_503():
    middleware = DatabaseBusyMiddleware(lambda request: HttpResponse())
    request = RequestFactory().get("/")
    assert middleware.process_exception(request, OperationalError("no such table: x")) is None
    assert middleware.process_exception(request, ValueError("database is locked")) is None


def test_a_locked_database_gives_the_visitor_a_japanese_503_page_with_headers(
    directory_page, client, monkeypatch
):
    def locked(self, request, *args, **kwargs):
        raise LOCKED

    monkeypatch.setattr(DirectoryIndexPage, "serve", locked)
    response = client.get(directory_page.url)
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "しばらくしてから" in response.content.decode()
    # The busy page still carries the site's security headers.
    assert "Content-Security-Policy" in response
    assert response["X-Content-Type-Options"] == "nosniff"


# --- two coordinators, one placement -----------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_moving_the_same_placement_at_once_only_one_wins():
    # Committed-database tests before this one may have flushed the referral sources that a
    # migration loads; tests/conftest.py restores only the directory's reference data.
    load_referral_sources(ReferralSource)
    users = [UserFactory(username=f"coord_{n}") for n in (1, 2)]
    for user in users:
        coordinator_assign(user=user, regions=[Region.objects.get(slug="omori")])
    alice, bob = (Actor(user=user, ip_address="192.0.2.10") for user in users)
    placement = services.placement_propose(
        actor=alice, client=ClientFactory(created_by=alice.user), resource=ResourceFactory()
    )
    assert placement.version == 1

    start = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def move(name: str, actor: Actor, to_stage: str, **details) -> None:
        """Submit the form rendered at version 1; after a busy-database 503, submit it again
        (what the person does after Retry-After) — the retry must not win a second time."""
        try:
            rendered = Placement.objects.get(pk=placement.pk)  # what the form was built from
            start.wait()
            for _ in range(20):
                try:
                    services.placement_transition(
                        actor=actor,
                        placement=rendered,
                        to_stage=to_stage,
                        version=1,
                        **details,
                    )
                except OperationalError as error:
                    # The test database is SQLite in shared-cache memory, where a competing
                    # writer fails at once ("table is locked") instead of waiting.
                    assert "locked" in str(error)
                    time.sleep(0.05)
                    continue
                outcomes[name] = "won"
                return
        except ValidationError as error:
            outcomes[name] = error
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=move, args=("alice", alice, Stage.TRIAL)),
        threading.Thread(
            target=move,
            args=("bob", bob, Stage.NOT_REALISED),
            kwargs={"failure_reason": FailureReason.FULL},
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    winners = [name for name, outcome in outcomes.items() if outcome == "won"]
    assert len(outcomes) == 2 and len(winners) == 1, outcomes
    loser = next(outcome for outcome in outcomes.values() if outcome != "won")
    assert loser.messages == [services.STALE_MESSAGE]
    placement.refresh_from_db()
    assert placement.version == 2
    assert placement.stage == (Stage.TRIAL if winners == ["alice"] else Stage.NOT_REALISED)
    moves = PlacementEvent.objects.filter(placement=placement).exclude(to_stage=Stage.PROPOSED)
    assert list(moves.values_list("to_stage", flat=True)) == [placement.stage]
