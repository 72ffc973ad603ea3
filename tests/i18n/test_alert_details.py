"""The weekly digest's alert details, stored in English when raised, are said again in the reader's language."""

from __future__ import annotations

from bot.i18n import speaking
from handlers.blocks.alert_details import detail_words

STORED = ["no meeting logged since they were matched", "no meeting logged since March 2",
          "goal “Submit the abstract” is at risk", "goal “Submit the abstract” is past its target date (February 29)",
          "the mentee answered “not working” to the early pulse: “We never found a time”",
          "the mentor answered “not working” to the early pulse"]


def test_alert_details_are_said_again_in_the_readers_language() -> None:
    with speaking("en"):
        assert [detail_words(detail) for detail in STORED] == STORED
    with speaking("fr"):
        assert [detail_words(detail) for detail in STORED] == [
            "aucune rencontre notée depuis le jumelage", "aucune rencontre notée depuis le 2 mars",
            "l'objectif «\u00a0Submit the abstract\u00a0» est à risque",
            "l'objectif «\u00a0Submit the abstract\u00a0» a dépassé sa date cible (29 février)",
            "la personne mentorée a répondu «\u00a0Ça ne fonctionne pas\u00a0» au premier sondage sur le jumelage\u00a0: "
            "«\u00a0We never found a time\u00a0»",
            "le mentor a répondu «\u00a0Ça ne fonctionne pas\u00a0» au premier sondage sur le jumelage"]


def test_a_detail_of_another_shape_is_shown_as_stored() -> None:
    with speaking("fr"):
        assert detail_words("something a later version wrote") == "something a later version wrote"
        assert detail_words("no meeting logged since Smarch 40") == "no meeting logged since Smarch 40"
