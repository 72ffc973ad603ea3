"""The demo's small program: a coordinator, a few residents and a few faculty in one Slack workspace."""

from __future__ import annotations

from bot.emulator import EmulatedUser

COORDINATOR = EmulatedUser(id="UCASEY001", name="casey", real_name="Casey Moreau (coordinator)",
                           email="casey.moreau@med.example.org", tz="America/Edmonton")
RESIDENTS = (
    EmulatedUser(id="URILEY001", name="riley", real_name="Dr. Riley Chen (PGY-1)",
                 email="riley.chen@med.example.org", tz="America/Edmonton"),
    EmulatedUser(id="USAMIR001", name="samir", real_name="Dr. Samir Haddad (PGY-2)",
                 email="samir.haddad@med.example.org", tz="America/Toronto"),
    EmulatedUser(id="UJORDN001", name="jordan", real_name="Dr. Jordan Blake (PGY-3)",
                 email="jordan.blake@med.example.org", tz="America/Vancouver"),
)
FACULTY = (
    EmulatedUser(id="UOKAFR001", name="okafor", real_name="Dr. Ada Okafor (Assoc. Prof.)",
                 email="ada.okafor@med.example.org", tz="America/Edmonton"),
    EmulatedUser(id="ULEEMO001", name="lee", real_name="Dr. Morgan Lee (Asst. Prof.)",
                 email="morgan.lee@med.example.org", tz="America/Edmonton"),
    EmulatedUser(id="UPATEL001", name="patel", real_name="Dr. Priya Patel (Fellow)",
                 email="priya.patel@med.example.org", tz="Europe/London"),
)
EVERYONE = (COORDINATOR, *RESIDENTS, *FACULTY)
