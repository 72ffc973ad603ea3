"""Tenancy kept by the session (storage/tenancy.py): every program table carries its tenant, and no ORM query,
update, delete or insert crosses to another tenant, whoever wrote it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, func, insert, update
from sqlmodel import SQLModel, col, select

import storage.tables  # noqa: F401  (every table on the metadata)
from storage.engine import make_engine, session_factory, transaction
from storage.tables import Match, MatchStatus, Person, Tenant
from storage.tenancy import DEFAULT_TENANT_ID, CrossTenantWrite, tenant_scope

# Tables that hold no program data: tokens and install states (per installation, not per tenant), the tenants
# themselves, the scheduler's lease and the Slack request ids already seen (unique across Slack).
NOT_PROGRAM_DATA = {"tenant", "slack_installation", "oauth_state", "scheduler_lease", "processed_request"}

NOW = datetime(2026, 9, 1, 15, tzinfo=UTC)


def test_every_program_table_carries_its_tenant() -> None:
    """A table added later without TenantOwned fails here: say which tenant its rows belong to, or put it on the
    allow-list with the reason it holds no program data."""
    missing = sorted(table.name for table in SQLModel.metadata.sorted_tables
                     if table.name not in NOT_PROGRAM_DATA and "tenant_id" not in table.c)
    assert missing == []
    for table in SQLModel.metadata.sorted_tables:
        if "tenant_id" in table.c:
            column = table.c.tenant_id
            assert not column.nullable and column.index and {key.column.table.name for key in column.foreign_keys} \
                == {"tenant"}, table.name


def test_the_allow_list_names_only_real_tables() -> None:
    assert NOT_PROGRAM_DATA <= set(SQLModel.metadata.tables)


@pytest.fixture
def sessions(database_url: str) -> Iterator:
    engine = make_engine(database_url)
    factory = session_factory(engine)
    with transaction(factory) as session:
        session.add(Tenant(team_id="T0SOUTH", created_at=NOW))
    yield factory
    engine.dispose()


def _south(sessions) -> int:  # type: ignore[no-untyped-def]
    with sessions() as session:
        return session.exec(select(Tenant.id).where(Tenant.team_id == "T0SOUTH")).one()


def _person(slack_user_id: str) -> Person:
    return Person(slack_user_id=slack_user_id, display_name=slack_user_id, created_at=NOW, updated_at=NOW)


def test_a_tenant_sees_updates_and_deletes_only_its_own_rows(sessions) -> None:  # type: ignore[no-untyped-def]
    south = _south(sessions)
    with transaction(sessions) as session:
        session.add(_person("UNORTH"))
    with tenant_scope(south), transaction(sessions) as session:
        session.add(_person("USOUTH"))

    with sessions() as session:
        assert [p.slack_user_id for p in session.exec(select(Person))] == ["UNORTH"]
        assert session.exec(select(Person).where(Person.slack_user_id == "USOUTH")).first() is None
        assert session.exec(select(func.count()).select_from(Person)).one() == 1
    with tenant_scope(south):
        with sessions() as session:
            [own] = session.exec(select(Person)).all()
            assert (own.slack_user_id, own.tenant_id) == ("USOUTH", south)
        with transaction(sessions) as session:
            session.exec(update(Person).values(display_name="renamed"))  # type: ignore[call-overload]
            session.exec(delete(Person).where(col(Person.slack_user_id) == "UNORTH"))  # type: ignore[call-overload]
    with sessions() as session:
        [north] = session.exec(select(Person)).all()
        assert (north.slack_user_id, north.display_name, north.tenant_id) == ("UNORTH", "UNORTH", DEFAULT_TENANT_ID)


def test_joins_and_relationships_stay_in_the_tenant(sessions) -> None:  # type: ignore[no-untyped-def]
    south = _south(sessions)
    with transaction(sessions) as session:
        mentee, mentor = _person("UMENTEE"), _person("UMENTOR")
        session.add_all([mentee, mentor])
        session.flush()
        session.add(Match(mentee_id=mentee.id, mentor_id=mentor.id, kind="career", status=MatchStatus.ACTIVE,
                          started_at=NOW))
    with tenant_scope(south), sessions() as session:
        joined = select(Match, Person).join(Person, col(Person.id) == col(Match.mentee_id))
        assert session.exec(joined).all() == []
        assert session.exec(select(Match)).all() == []


def test_bulk_inserts_are_stamped_and_a_row_of_another_tenant_is_refused(sessions) -> None:  # type: ignore[no-untyped-def]
    south = _south(sessions)
    with tenant_scope(south), transaction(sessions) as session:
        session.execute(insert(Person), [{"slack_user_id": f"U{n}", "display_name": "", "created_at": NOW,
                                          "updated_at": NOW, "timezone": "UTC"} for n in range(3)])
    with tenant_scope(south), sessions() as session:
        assert {p.tenant_id for p in session.exec(select(Person))} == {south}
    with sessions() as session:
        assert session.exec(select(Person)).all() == []

    stray = _person("USTRAY")
    stray.tenant_id = south
    with pytest.raises(CrossTenantWrite), transaction(sessions) as session:
        session.add(stray)


def test_keys_are_unique_per_tenant(sessions) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy.exc import IntegrityError

    from storage.tables import RegisteredProgram

    south = _south(sessions)
    for tenant in (DEFAULT_TENANT_ID, south):
        with tenant_scope(tenant), transaction(sessions) as session:
            session.add(_person("USAME"))
            session.add(RegisteredProgram(name="Internal Medicine", created_at=NOW))
    with pytest.raises(IntegrityError), tenant_scope(south), transaction(sessions) as session:
        session.add(_person("USAME"))


def test_a_request_belongs_to_the_tenant_of_its_team_or_organisation(sessions) -> None:  # type: ignore[no-untyped-def]
    from bot.tenants import tenant_of_request, tenant_for_install

    with transaction(sessions) as session:
        first = tenant_for_install(session=session, enterprise_id=None, team_id="T0NORTH", org_wide=False, now=NOW)
        org = tenant_for_install(session=session, enterprise_id="E0GRID", team_id=None, org_wide=True, now=NOW)
        again = tenant_for_install(session=session, enterprise_id=None, team_id="T0NORTH", org_wide=False, now=NOW)

    assert first == again == DEFAULT_TENANT_ID  # the first install claims the program the database held
    south = _south(sessions)

    def of(enterprise_id: str | None, team_id: str | None, oauth: bool = True) -> int | None:
        return tenant_of_request(sessions=sessions, oauth=oauth, enterprise_id=enterprise_id, team_id=team_id)

    assert of(None, "T0NORTH") == DEFAULT_TENANT_ID and of(None, "T0SOUTH") == south
    assert of("E0GRID", "T0ANY") == org and org not in (DEFAULT_TENANT_ID, south)
    assert of(None, "T0NOWHERE") is None  # refused by the middleware: no installation, no tenant
    assert of(None, "T0NOWHERE", oauth=False) == DEFAULT_TENANT_ID  # one workspace's token: the one program


def test_a_purge_rewrites_only_its_own_tenants_rows(sessions) -> None:  # type: ignore[no-untyped-def]
    """The purge's name sweep is a Core statement on every table, which the session's filter does not reach."""
    from storage.queries.retention import replace_everywhere

    south = _south(sessions)
    with transaction(sessions) as session:
        session.add(_person("ULEFT"))
    with tenant_scope(south), transaction(sessions) as session:
        session.add(_person("ULEFT"))  # the same Slack id in another organisation: a different person

    with transaction(sessions) as session:
        replace_everywhere(session=session, old="ULEFT", new="PURGED-1")

    with sessions() as session:
        assert session.exec(select(Person.display_name)).all() == ["PURGED-1"]
    with tenant_scope(south), sessions() as session:
        assert session.exec(select(Person.display_name)).all() == ["ULEFT"]


def test_a_bulk_insert_keeps_a_row_of_its_own_tenant_and_refuses_one_of_another(sessions) -> None:  # type: ignore[no-untyped-def]
    south = _south(sessions)

    def row(n: int, **tenant: int) -> dict:
        return {"slack_user_id": f"U{n}", "display_name": "", "created_at": NOW, "updated_at": NOW, "timezone": "UTC",
                **tenant}

    with tenant_scope(south), transaction(sessions) as session:
        session.execute(insert(Person), [row(1, tenant_id=south), row(2)])
    with tenant_scope(south), sessions() as session:
        assert session.exec(select(Person.slack_user_id)).all() == ["U1", "U2"]
    with pytest.raises(CrossTenantWrite, match=f"a row of tenant {DEFAULT_TENANT_ID} inserted for tenant {south}"):
        with tenant_scope(south), transaction(sessions) as session:
            session.execute(insert(Person), [row(3, tenant_id=DEFAULT_TENANT_ID)])


def test_bulk_inserts_into_tables_without_tenants_are_left_as_they_are(sessions) -> None:  # type: ignore[no-untyped-def]
    """Tenants themselves (an ORM entity that is not tenant-owned) and a Core table insert carry no tenant_id."""
    with transaction(sessions) as session:
        session.execute(insert(Tenant), [{"team_id": "T0EAST", "created_at": NOW}, {"team_id": "T0WEST", "created_at": NOW}])
        session.execute(insert(Tenant.__table__), [{"team_id": "T0FAR", "created_at": NOW}])  # type: ignore[attr-defined]
    with sessions() as session:
        assert set(session.exec(select(Tenant.team_id))) >= {"T0EAST", "T0WEST", "T0FAR"}
