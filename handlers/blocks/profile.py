"""The join/profile modal: built from a ProfileBase, parsed back into one."""

from __future__ import annotations

from typing import Any

from bot.i18n import N_, _
from bot.profiles import MAX_CAPACITY, ProfileBase
from bot.vocabulary import CADENCES, IDENTITY_FIELDS, KINDS, MEETING_MODES, STAGES
from handlers import ids
from handlers.blocks.common import context, header, plain
from handlers.blocks.forms import (
    choice_input,
    date_input,
    input_block,
    number_input,
    read_input,
    text_input,
)

ROLE_CHOICES = {"mentee": N_("I'd like mentoring (mentee)"), "mentor": N_("I can mentor others (mentor)")}
LANGUAGE_CHOICES = {"auto": N_("My Slack language"), "en": "English", "fr": "Français"}  # not text: each its own


def translated(choices: dict[Any, str]) -> dict[str, str]:
    """A vocabulary's labels in the reader's language, keyed as the form sends them back."""
    return {str(key): _(label) for key, label in choices.items()}


DOSSIER_CONSENT = "yes"  # the value of the one option of the "name me in their teaching dossier" checkbox

def build_profile_modal(profile: ProfileBase | None, tags: list[str], programs: list[str]) -> dict[str, Any]:
    editing = profile is not None
    profile = profile or ProfileBase()
    blocks = [
        *_about_you(profile, programs),
        header(_("If you'd like mentoring")),
        *_mentee_fields(profile, tags),
        header(_("If you can mentor")),
        *_mentor_fields(profile, tags),
        header(_("Optional: about you")),
        *_identity_fields(profile),
    ]
    return {
        "type": "modal",
        "callback_id": ids.PROFILE_VIEW,
        "title": plain(_("Your mentoring profile") if editing else _("Join the program"), 24),
        "submit": plain(_("Save"), 24),
        "close": plain(_("Cancel"), 24),
        "blocks": blocks,
    }


def _about_you(p: ProfileBase, programs: list[str]) -> list[dict[str, Any]]:
    roles = [role for role, held in (("mentee", p.as_mentee), ("mentor", p.as_mentor)) if held]
    program = (choice_input("static_select", programs, p.program if p.program in programs else None) if programs
               else text_input(p.program, max_length=120, placeholder=_("e.g. Internal Medicine")))
    stages = {code: _(stage.label) for code, stage in STAGES.items()}
    return [
        context(_("Mentoring is never assessment: nothing here reaches your assessors.")),
        input_block("roles", _("I'm joining as"), choice_input("checkboxes", translated(ROLE_CHOICES), roles)),
        input_block("program", _("Program or department"), program),
        input_block("stage", _("Stage or rank"), choice_input("static_select", stages, p.stage or None)),
        input_block("language", _("Language"), choice_input("static_select", translated(LANGUAGE_CHOICES),
                                                              p.language or "auto"),
                    hint=_("mentorbot writes to you in this language; by default, the one your Slack is set to.")),
    ]


def _split_known(values: list[str], tags: list[str]) -> tuple[list[str], str]:
    known = [value for value in values if value in tags]
    return known, ", ".join(value for value in values if value not in tags)


def _tag_inputs(block_id: str, other_id: str, label: str, chosen: list[str], tags: list[str]) -> list[dict[str, Any]]:
    known, other = _split_known(chosen, tags)
    blocks = []
    if tags:
        blocks.append(input_block(block_id, label, choice_input("multi_static_select", tags, known), optional=True))
    blocks.append(input_block(other_id, _("{label} (others, comma-separated)").format(label=label) if tags else label,
                              text_input(other, max_length=500), optional=True))
    return blocks


def _mentee_fields(p: ProfileBase, tags: list[str]) -> list[dict[str, Any]]:
    concordance = {name: _("shares my {what}").format(what=_(label).lower())
                   for name, (label, _answers) in IDENTITY_FIELDS.items()}
    return [
        input_block("kinds_wanted", _("Kinds of mentoring I'd like now"),
                    choice_input("checkboxes", translated(KINDS), p.kinds_wanted), optional=True),
        *_tag_inputs("interests", "interests_other", _("Career interests"), p.interests, tags),
        input_block("interests_note", _("What would help you most right now?"),
                    text_input(p.interests_note, multiline=True, max_length=500), optional=True),
        input_block("meeting_mode", _("Meeting preference"),
                    choice_input("radio_buttons", translated(MEETING_MODES), p.meeting_mode)),
        input_block("cadence", _("How often to meet"),
                    choice_input("static_select", translated(CADENCES), str(p.cadence_days))),
        input_block("concordance", _("Optional: I'd prefer a mentor who"),
                    choice_input("checkboxes", concordance, p.concordance),
                    optional=True, hint=_("Used only if you also answer the matching question below.")),
        input_block("named_in_dossiers", _("Recognition"),
                    choice_input("checkboxes", {DOSSIER_CONSENT: _("My mentors may name me in their teaching dossier")},
                                 [DOSSIER_CONSENT] if p.named_in_dossiers else []),
                    optional=True, hint=_("Off unless you tick it: their statement then counts you without your name.")),
    ]


def _mentor_fields(p: ProfileBase, tags: list[str]) -> list[dict[str, Any]]:
    limits = ", ".join(f"{kind}:{n}" for kind, n in p.capacity_per_kind.items())
    return [
        input_block("kinds_offered", _("Kinds of mentoring I can offer"),
                    choice_input("checkboxes", translated(KINDS), p.kinds_offered), optional=True),
        *_tag_inputs("expertise", "expertise_other", _("Expertise"), p.expertise, tags),
        input_block("capacity", _("How many mentees at once (0-20)"), number_input(p.capacity_total, 0, MAX_CAPACITY)),
        input_block("capacity_per_kind", _("Limits per kind (optional)"), text_input(limits, max_length=200,
                    placeholder=_("e.g. research:1, career:2")), optional=True),
        input_block("accepting_from", _("Not taking new mentees until (optional)"), date_input(p.accepting_from),
                    optional=True),
    ]


def _identity_fields(p: ProfileBase) -> list[dict[str, Any]]:
    blocks = [context(_("Self-described and optional. Only you see your answers; the program uses them only for "
                        "matching you asked for and for group totals of at least 5 people."))]
    for name, (label, choices) in IDENTITY_FIELDS.items():
        element = choice_input("static_select", translated(choices), p.identity.get(name))
        blocks.append(input_block(f"identity_{name}", _(label), element, optional=True))
    return blocks


def _tags(values: dict[str, Any], block_id: str, other_id: str) -> list[str]:
    chosen = read_input(values, block_id) or []
    others = [item.strip().lower() for item in (read_input(values, other_id) or "").split(",")]
    return sorted(set(chosen) | {item for item in others if item})


def profile_form_values(values: dict[str, Any]) -> dict[str, Any]:
    """The submitted form as the profile model's fields (bot.profiles.ProfileBase); the model reads the numbers
    and the per-kind limits, and checks everything."""
    roles = read_input(values, "roles") or []
    accepting = read_input(values, "accepting_from")
    return dict(
        as_mentee="mentee" in roles, as_mentor="mentor" in roles,
        program=read_input(values, "program") or "", stage=read_input(values, "stage") or "",
        kinds_wanted=read_input(values, "kinds_wanted") or [],
        interests=_tags(values, "interests", "interests_other"),
        interests_note=read_input(values, "interests_note") or "",
        meeting_mode=read_input(values, "meeting_mode") or "either",
        cadence_days=read_input(values, "cadence") or "30",
        concordance=read_input(values, "concordance") or [],
        named_in_dossiers=DOSSIER_CONSENT in (read_input(values, "named_in_dossiers") or []),
        kinds_offered=read_input(values, "kinds_offered") or [],
        expertise=_tags(values, "expertise", "expertise_other"),
        capacity_total=read_input(values, "capacity") or "0",
        capacity_per_kind=read_input(values, "capacity_per_kind") or "",
        accepting_from=accepting or None,
        identity={name: answer for name in IDENTITY_FIELDS if (answer := read_input(values, f"identity_{name}"))},
        language=language if (language := read_input(values, "language") or "auto") != "auto" else "",
    )
