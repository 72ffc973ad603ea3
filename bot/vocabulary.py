"""The program's fixed vocabularies: kinds of mentoring, career stages, meeting modes, identity answers."""

from __future__ import annotations

from dataclasses import dataclass

KINDS: dict[str, str] = {
    "career": "Career",
    "research": "Research",
    "clinical": "Clinical / skills",
    "wellness": "Wellness / peer",
    "sponsorship": "Sponsorship",
    "identity": "Identity-based",
}


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
        Stage("fellow", "Fellow", 8, False),
        Stage("instructor", "Clinical lecturer / instructor", 9, True),
        Stage("assistant_professor", "Assistant professor", 10, True),
        Stage("associate_professor", "Associate professor", 15, True),
        Stage("professor", "Professor", 20, True),
    )
}

MEETING_MODES: dict[str, str] = {"in_person": "In person", "virtual": "Virtual", "either": "Either"}
CADENCES: dict[int, str] = {14: "Every 2 weeks", 30: "Monthly", 60: "Every 2 months", 90: "Quarterly"}
DEFAULT_CADENCE_DAYS = 30

PREFER_NOT_TO_SAY = "prefer_not_to_say"
IDENTITY_FIELDS: dict[str, tuple[str, dict[str, str]]] = {
    "gender": ("Gender", {"woman": "Woman", "man": "Man", "non_binary": "Non-binary",
                          "self_described": "Self-described", PREFER_NOT_TO_SAY: "Prefer not to say"}),
    "urim": ("Underrepresented in medicine", {"yes": "Yes", "no": "No", PREFER_NOT_TO_SAY: "Prefer not to say"}),
}

COI_REASONS: dict[str, str] = {
    "program_director": "Program director",
    "competence_committee": "Competence committee member",
    "direct_supervisor": "Direct supervisor",
    "other_assessor": "Other assessment role",
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
