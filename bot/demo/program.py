"""The demo's small program: a coordinator, a few residents and a few faculty in one Slack workspace."""

from __future__ import annotations

from bot.emulator import EmulatedUser

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
ROLE_LABELS = {
    "UCASEY001": "coordinator", "UNOORR001": "Internal Medicine program director",
    "UTOMAS001": "Cardiac Sciences program director", "URILEY001": "PGY-1", "USAMIR001": "PGY-2", "UJORDN001": "PGY-3",
    "UOKAFR001": "associate professor", "ULEEMO001": "assistant professor", "UPATEL001": "fellow",
}

RILEY, SAMIR, JORDAN = RESIDENTS
OKAFOR, LEE, PATEL = FACULTY
NOOR, TOMAS = PROGRAM_COORDINATORS

RILEY_FORM = {
    "roles": ["mentee"], "program": "Internal Medicine", "stage": "PGY-1",
    "kinds_wanted": ["career", "research", "wellness"], "interests_other": "cardiology, research methods",
    "interests_note": "Choosing between cardiology and general internal medicine; first research project.",
    "meeting_mode": "either", "cadence": "30", "capacity": "0",
}

DEMO_ROSTER = """slack_id,email,name,roles,program,stage,mentoring_wanted,interests,mentoring_offered,expertise,capacity
USAMIR001,,,mentee,Internal Medicine,PGY-2,career;identity,global health;medical education,,,
UJORDN001,,,mentee;mentor,Internal Medicine,PGY-3,sponsorship,critical care,wellness,wellbeing,2
UOKAFR001,,,mentor,Internal Medicine,associate_professor,,,career;research;sponsorship;identity,cardiology;research methods;global health,4
,morgan.lee@med.example.org,,mentor,Cardiac Sciences,assistant_professor,,,career;clinical;research,cardiology;echocardiography,3
UPATEL001,,,mentor,Internal Medicine,fellow,,,wellness;career;identity,wellbeing;medical education,two
"""
