"""The demo's small program: a coordinator, a few residents and a few faculty in one Slack workspace."""

from __future__ import annotations

from bot.demo.samples import sample
from bot.emulator import EmulatedUser
from bot.i18n import N_

COORDINATOR = EmulatedUser(id="UCASEY001", name="casey", real_name="Casey Moreau",
                           email="casey.moreau@med.example.org", tz="America/Edmonton")
RESIDENTS = (
    EmulatedUser(id="URILEY001", name="riley", real_name="Dr. Riley Chen",
                 email="riley.chen@med.example.org", tz="America/Edmonton"),
    EmulatedUser(id="USAMIR001", name="samir", real_name="Dr. Samir Haddad",
                 email="samir.haddad@med.example.org", tz="America/Toronto"),
    EmulatedUser(id="UJORDN001", name="jordan", real_name="Dr. Jordan Blake",
                 email="jordan.blake@med.example.org", tz="America/Vancouver"),
)
FACULTY = (
    EmulatedUser(id="UOKAFR001", name="okafor", real_name="Dr. Ada Okafor",
                 email="ada.okafor@med.example.org", tz="America/Edmonton"),
    EmulatedUser(id="ULEEMO001", name="lee", real_name="Dr. Morgan Lee",
                 email="morgan.lee@med.example.org", tz="America/Edmonton"),
    EmulatedUser(id="UPATEL001", name="patel", real_name="Dr. Priya Patel",
                 email="priya.patel@med.example.org", tz="Europe/London"),
)
PROGRAM_COORDINATORS = (  # the faculty chapter makes each the coordinator of one program
    EmulatedUser(id="UNOORR001", name="noor", real_name="Dr. Noor Rahimi",
                 email="noor.rahimi@med.example.org", tz="America/Edmonton"),
    EmulatedUser(id="UTOMAS001", name="tomas", real_name="Dr. Tomás Ruiz",
                 email="tomas.ruiz@med.example.org", tz="America/Edmonton"),
)
EVERYONE = (COORDINATOR, *RESIDENTS, *FACULTY, *PROGRAM_COORDINATORS)
ROLE_LABELS = {  # translated where shown (DemoWorld's names)
    "UCASEY001": N_("coordinator"), "UNOORR001": N_("Internal Medicine program director"),
    "UTOMAS001": N_("Cardiac Sciences program director"), "URILEY001": N_("PGY-1"), "USAMIR001": N_("PGY-2"),
    "UJORDN001": N_("PGY-3"), "UOKAFR001": N_("associate professor"), "ULEEMO001": N_("assistant professor"),
    "UPATEL001": N_("fellow"),
}

RILEY, SAMIR, JORDAN = RESIDENTS
OKAFOR, LEE, PATEL = FACULTY
NOOR, TOMAS = PROGRAM_COORDINATORS



def riley_form(language: str) -> dict[str, object]:
    """What Riley enters in the enrolment form, in the demo's language."""
    return {
        "roles": ["mentee"], "program": sample(language, "internal_medicine"), "stage": "PGY-1",
        "kinds_wanted": ["career", "research", "wellness"], "interests_other": sample(language, "riley_interests"),
        "interests_note": sample(language, "riley_note"), "meeting_mode": "either", "cadence": "30", "capacity": "0",
    }


ROSTER_HEADER = "slack_id,email,name,roles,program,stage,mentoring_wanted,interests,mentoring_offered,expertise,capacity"
ROSTER_ROWS = {  # {im}, {cs}: the programs' names; the interest tags in each language (matching compares them)
    "en": """USAMIR001,,,mentee,{im},PGY-2,career;identity,global health;medical education,,,
UJORDN001,,,mentee;mentor,{im},PGY-3,sponsorship,critical care,wellness,wellbeing,2
UOKAFR001,,,mentor,{im},associate_professor,,,career;research;sponsorship;identity,cardiology;research methods;global health,4
,morgan.lee@med.example.org,,mentor,{cs},assistant_professor,,,career;clinical;research,cardiology;echocardiography,3
UPATEL001,,,mentor,{im},fellow,,,wellness;career;identity,wellbeing;medical education,two
""",
    "fr": """USAMIR001,,,mentee,{im},PGY-2,career;identity,santé mondiale;pédagogie médicale,,,
UJORDN001,,,mentee;mentor,{im},PGY-3,sponsorship,soins intensifs,wellness,bien-être,2
UOKAFR001,,,mentor,{im},associate_professor,,,career;research;sponsorship;identity,cardiologie;méthodologie de la recherche;santé mondiale,4
,morgan.lee@med.example.org,,mentor,{cs},assistant_professor,,,career;clinical;research,cardiologie;échocardiographie,3
UPATEL001,,,mentor,{im},fellow,,,wellness;career;identity,bien-être;pédagogie médicale,two
""",
}


def demo_roster(language: str) -> str:
    """The roster CSV the coordinator pastes (one row has a typo: capacity "two")."""
    rows = ROSTER_ROWS.get(language, ROSTER_ROWS["en"])
    return ROSTER_HEADER + "\n" + rows.format(im=sample(language, "internal_medicine"),
                                               cs=sample(language, "cardiac_sciences"))
