"""The program's fixed vocabularies: kinds of mentoring, career stages, meeting modes, identity answers."""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n import N_, Deferred

# Labels are English here and marked for translation (N_); show them with `_(label)` (bot/i18n).

KINDS: dict[str, str] = {
    "career": N_("Career"),
    "research": N_("Research"),
    "clinical": N_("Clinical / skills"),
    "wellness": N_("Wellness / peer"),
    "sponsorship": N_("Sponsorship"),
    "identity": N_("Identity-based"),
}


class _KindName(Deferred):
    def __str__(self) -> str:
        return super().__str__().lower()


def kind_name(kind: str) -> Deferred:
    """A kind's name in lower case, in the language of whoever reads the message it is put in ("research")."""
    return _KindName(KINDS.get(kind, kind))


@dataclass(frozen=True)
class Stage:
    code: str
    label: str
    career_year: int  # rough years since medical school; "years ahead" compares these
    faculty: bool


STAGES: dict[str, Stage] = {
    stage.code: stage
    for stage in (
        *(Stage(f"PGY-{year}", f"PGY-{year}", year, False) for year in range(1, 8)),
        Stage("fellow", N_("Fellow"), 8, False),
        Stage("instructor", N_("Clinical lecturer / instructor"), 9, True),
        Stage("assistant_professor", N_("Assistant professor"), 10, True),
        Stage("associate_professor", N_("Associate professor"), 15, True),
        Stage("professor", N_("Professor"), 20, True),
    )
}

MEETING_MODES: dict[str, str] = {"in_person": N_("In person"), "virtual": N_("Virtual"), "either": N_("Either")}
CADENCES: dict[int, str] = {14: N_("Every 2 weeks"), 30: N_("Monthly"), 60: N_("Every 2 months"), 90: N_("Quarterly")}
DEFAULT_CADENCE_DAYS = 30

PREFER_NOT_TO_SAY = "prefer_not_to_say"
IDENTITY_FIELDS: dict[str, tuple[str, dict[str, str]]] = {
    "gender": (N_("Gender"), {"woman": N_("Woman"), "man": N_("Man"), "non_binary": N_("Non-binary"),
                              "self_described": N_("Self-described"), PREFER_NOT_TO_SAY: N_("Prefer not to say")}),
    "urim": (N_("Underrepresented in medicine"), {"yes": N_("Yes"), "no": N_("No"),
                                                  PREFER_NOT_TO_SAY: N_("Prefer not to say")}),
}

COI_REASONS: dict[str, str] = {
    "program_director": N_("Program director"),
    "competence_committee": N_("Competence committee member"),
    "direct_supervisor": N_("Direct supervisor"),
    "other_assessor": N_("Other assessment role"),
}


def normalize_stage(raw: str) -> str | None:
    """Accept 'PGY-2', 'pgy2', 'R2', 'Associate Professor' and the like; None if unrecognised."""
    cleaned = raw.strip().lower().replace(" ", "_").replace("-", "")
    for prefix in ("pgy", "r"):
        number = cleaned.removeprefix(prefix)
        if cleaned.startswith(prefix) and number.isdigit() and f"PGY-{int(number)}" in STAGES:
            return f"PGY-{int(number)}"
    for code, stage in STAGES.items():
        if cleaned in (code.replace("-", "").lower(), stage.label.lower().replace(" ", "_")):
            return code
    return None


def normalize_kind(raw: str) -> str | None:
    cleaned = raw.strip().lower()
    aliases = {"skills": "clinical", "clinical/skills": "clinical", "peer": "wellness", "wellness/peer": "wellness",
               "identity-based": "identity", "sponsor": "sponsorship"}
    cleaned = aliases.get(cleaned, cleaned)
    return cleaned if cleaned in KINDS else None
