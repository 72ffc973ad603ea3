"""Announcement builders and rules as data: Slack's size limits, button lines, send times."""

from datetime import UTC, datetime

import pytest

from bot.broadcasts import (
    AnnouncementDraft,
    Announcement,
    Audience,
    BroadcastError,
    BroadcastInfo,
    LinkButton,
    Recipient,
    Schedule,
    parse_buttons,
    send_times,
)
from handlers.blocks.broadcasts import (
    build_announcement,
    build_broadcast_history,
    build_broadcast_status,
    build_compose_modal,
    build_confirm_view,
    compose_form_values,
)
from handlers.blocks.common import MESSAGE_BLOCK_LIMIT, MODAL_TITLE_LIMIT, SECTION_TEXT_LIMIT, SURFACE_BLOCK_LIMIT


def info(**changes) -> BroadcastInfo:
    values = dict(broadcast_id=99999, author="UCOORD01", audience=Audience("everyone"),
                  announcement=Announcement("x" * 3000, tuple(LinkButton(f"Link {n}", f"https://e.org/{n}")
                                                              for n in range(5)), "UCOORD01"),
                  schedule=Schedule(), program_timezone="America/Edmonton", status="sending", recipient_count=123456,
                  sent=100, failed=600, failures=tuple((f"U{n:08d}", "account deactivated") for n in range(20)))
    return BroadcastInfo(**{**values, **changes})


def texts(blocks: list[dict]) -> list[str]:
    return [b["text"]["text"] for b in blocks if b.get("type") == "section"]


def test_every_surface_stays_within_slacks_limits() -> None:
    big = info()
    payload = build_announcement(big.announcement)
    assert len(payload["blocks"]) <= MESSAGE_BLOCK_LIMIT and all(len(t) <= SECTION_TEXT_LIMIT for t in texts(payload["blocks"]))
    status = build_broadcast_status(big)
    assert len(status["blocks"]) <= MESSAGE_BLOCK_LIMIT and all(len(t) <= SECTION_TEXT_LIMIT for t in texts(status["blocks"]))
    assert "…and 580 more" in str(status)
    confirm = build_confirm_view(big, payload, editing=False)
    assert len(confirm["submit"]["text"]) <= MODAL_TITLE_LIMIT and confirm["submit"]["text"] == "Send to 123,456 people"
    compose = build_compose_modal(["Program %d" % n for n in range(150)], "America/Edmonton", big)
    assert len(compose["blocks"]) <= SURFACE_BLOCK_LIMIT and len(compose["title"]["text"]) <= MODAL_TITLE_LIMIT
    assert len(build_broadcast_history([big] * 8)) <= 3


def test_link_buttons_are_read_from_lines_or_refused_with_the_line_number() -> None:
    assert parse_buttons("Register | https://e.org/r\n\n Agenda|https://e.org/a ") == (
        LinkButton("Register", "https://e.org/r"), LinkButton("Agenda", "https://e.org/a"))
    with pytest.raises(BroadcastError, match="Line 2") as error:
        parse_buttons("Register | https://e.org/r\nAgenda at e.org")
    assert error.value.field == "links"
    with pytest.raises(BroadcastError, match="At most 5"):
        parse_buttons("\n".join(f"L{n} | https://e.org/{n}" for n in range(6)))


def test_form_values_are_read_back() -> None:
    values = {"audience": {"value": {"type": "static_select", "selected_option": {"value": "stage"}}},
              "stage": {"value": {"type": "static_select", "selected_option": {"value": "PGY-2"}}},
              "message": {"value": {"type": "plain_text_input", "value": "Hi"}},
              "when": {"value": {"type": "radio_buttons", "selected_option": {"value": "local"}}},
              "date": {"value": {"type": "datepicker", "selected_date": "2026-03-10"}},
              "time": {"value": {"type": "timepicker", "selected_time": "09:30"}}}
    draft = AnnouncementDraft.model_validate(compose_form_values(values))
    assert (draft.audience_of(), draft.announcement("UCOORD01")) == (Audience("stage", "PGY-2"),
                                                                     Announcement("Hi", (), "UCOORD01"))
    assert draft.schedule() == Schedule("local", datetime(2026, 3, 10, 9, 30))


def test_send_times_follow_each_timezone_across_dst_and_refuse_the_past() -> None:
    people = [Recipient("UA", "Europe/London"), Recipient("UB", "America/Edmonton")]
    now = datetime(2026, 3, 27, 12, 0, tzinfo=UTC)
    local = send_times(people, Schedule("local", datetime(2026, 3, 30, 9, 0)), "America/Edmonton", now)
    assert local == {"UA": datetime(2026, 3, 30, 8, 0, tzinfo=UTC),  # British Summer Time began on 29 March
                     "UB": datetime(2026, 3, 30, 15, 0, tzinfo=UTC)}
    program = send_times(people, Schedule("at", datetime(2026, 3, 30, 9, 0)), "America/Edmonton", now)
    assert set(program.values()) == {datetime(2026, 3, 30, 15, 0, tzinfo=UTC)}
    with pytest.raises(BroadcastError, match=r"already passed for 1 of them \(Europe/London\)"):
        send_times(people, Schedule("local", datetime(2026, 3, 27, 11, 30)), "America/Edmonton", now)
