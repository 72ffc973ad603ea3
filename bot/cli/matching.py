"""`mentorbot match`: a matching batch, sent to the coordinators for review."""

from __future__ import annotations

import typer

from bot.i18n import _, lazy, ngettext

from bot.cli.support import CLI_ACTOR, app_settings, ready_deps, help_text


def match(dry_run: bool = typer.Option(False, "--dry-run", help=help_text(lazy("Print the proposals; store and send nothing.")))) -> None:
    from bot.matching.config import matching_config
    from bot.matching.delivery import send_for_review
    from bot.outbox_worker import send_queued
    from bot.matching.service import propose_batch
    from storage.engine import transaction
    from storage.queries.people import coordinators

    deps = ready_deps(app_settings())
    with transaction(deps.sessions) as session:
        batch = propose_batch(session=session, now=deps.clock.now(), config=matching_config(session=session), actor="cli")
        if dry_run:
            session.rollback()
    for p in batch.proposals:
        typer.echo(f"{p.mentee.name} <- {p.mentor.name} ({p.kind}, fit {p.score:.2f}): {'; '.join(p.reasons)}")
    for gap in batch.unfilled:
        typer.echo(_("{mentee} ({kind}): no proposal: {reason}").format(mentee=gap.mentee.name, kind=gap.kind,
                                                                         reason=gap.reason))
    counts = _("{proposals} proposals, {unfilled} requests unfilled").format(proposals=len(batch.proposals),
                                                                           unfilled=len(batch.unfilled))
    typer.echo(counts + (_(" (dry run: nothing stored or sent).") if dry_run else _("; sent to coordinators for review.")))
    if not dry_run and batch.proposals:
        with transaction(deps.sessions) as session:
            reviewers = [c.slack_user_id for c in coordinators(session=session)]
            send_for_review(session, batch, reviewers, deps.notifier.within(session, deps.clock.now()))
        send_queued(deps)  # deliver the reviews before exiting (if a server's sender holds the lease, it will)


def offer_agreements(dry_run: bool = typer.Option(False, "--dry-run", help=help_text(lazy("List the matches; store and send nothing.")))
                     ) -> None:
    from bot.agreements.backfill import matches_without_agreement, offer_missing_agreements
    from bot.outbox_worker import send_queued
    from storage.engine import transaction

    deps = ready_deps(app_settings())
    now = deps.clock.now()
    with transaction(deps.sessions) as session:
        if dry_run:
            ids = [m.id or 0 for m in matches_without_agreement(session=session)]
        else:
            ids = offer_missing_agreements(session=session, notifier=deps.notifier.within(session, now), actor=CLI_ACTOR,
                                           now=now)
    said = (ngettext("{n} active match without an agreement would be offered one",
                     "{n} active matches without an agreement would be offered one", len(ids)) if dry_run else
            ngettext("{n} active match without an agreement offered one",
                     "{n} active matches without an agreement offered one", len(ids)))
    typer.echo(said.format(n=len(ids)) + (f": {ids}" if ids else "."))
    if ids and not dry_run:
        send_queued(deps)  # deliver now (if a server's sender holds the lease, it will)


def register(cli: typer.Typer) -> None:
    cli.command(help=help_text(lazy(
        "Compute optimal matching proposals; coordinators review them in Slack before anyone is asked.")))(match)
    cli.command("offer-agreements", help=help_text(lazy(
        "Offer a mentoring agreement to every active match made before agreements existed (once; safe to "
        "repeat).")))(offer_agreements)
