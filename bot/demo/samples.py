"""What the demo's pretend people type, in the demo's language: goals, notes, announcements, profile text.

Not the app's words (those are in the catalogs): people write in their own language, so the French demo seeds what
residents, mentors and coordinators of a Quebec faculty of medicine would write. Keep both languages' meanings
alike, and the interest tags consistent within a language (matching compares them as typed).
"""

from __future__ import annotations

SAMPLES: dict[str, dict[str, str]] = {
    "en": {
        "internal_medicine": "Internal Medicine",
        "cardiac_sciences": "Cardiac Sciences",
        "research_guide": "Starting a research project: the residents' guide",
        "riley_interests": "cardiology, research methods",
        "riley_note": "Choosing between cardiology and general internal medicine; first research project.",
        "goal_title": "Submit my first research abstract",
        "goal_why": "Matching in cardiology needs it",
        "goal_measure": "Abstract submitted to the department research day",
        "survey_support": ("Talk to someone you trust, the PGME wellness office (wellness@med.example.org) or the "
                           "Physician and Family Support Program. In a crisis, call or text 988."),
        "idea_riley": "Protected time to prepare for teaching rounds",
        "idea_samir": "Fewer night-float blocks in a row",
        "idea_jordan": "A quiet room to debrief after codes",
        "idea_patel": "Clearer expectations for fellows who mentor",
        "pulse_note": "We never manage to find a time that works for both of us.",
        "research_day": ("*Spring research day* is on 4 December. Residents present a poster or a 5-minute talk; "
                         "your mentors are invited.\n• Abstracts due *20 November*\n• Lunch provided"),
        "research_day_link": "Submit an abstract | https://med.example.org/research-day",
        "flash_topic": "cardiology",
        "event_title": "Meet the faculty",
        "circle_theme": "Residents and fellows wellbeing",
        "night_shift": "Night float",
    },
    "fr": {
        "internal_medicine": "Médecine interne",
        "cardiac_sciences": "Sciences cardiaques",
        "research_guide": "Démarrer un projet de recherche : le guide des résident·es",
        "riley_interests": "cardiologie, méthodologie de la recherche",
        "riley_note": "J'hésite entre la cardiologie et la médecine interne générale; premier projet de recherche.",
        "goal_title": "Soumettre mon premier résumé de recherche",
        "goal_why": "Indispensable pour le jumelage en cardiologie",
        "goal_measure": "Résumé soumis à la journée de la recherche du département",
        "survey_support": ("Parlez à une personne de confiance, au bureau du bien-être des études médicales "
                           "postdoctorales (bien-etre@med.example.org) ou au Programme d'aide aux médecins du "
                           "Québec (PAMQ). En cas de crise, appelez ou textez le 988."),
        "idea_riley": "Du temps protégé pour préparer les tournées d'enseignement",
        "idea_samir": "Moins de blocs de nuits consécutifs",
        "idea_jordan": "Une salle calme pour faire un retour après les codes",
        "idea_patel": "Des attentes plus claires pour les fellows qui font du mentorat",
        "pulse_note": "Nous n'arrivons jamais à trouver un moment qui nous convient à tous les deux.",
        "research_day": ("La *journée de la recherche du printemps* a lieu le 4 décembre. Les résident·es "
                         "présentent une affiche ou une communication de 5 minutes; vos mentors sont invités.\n"
                         "• Résumés attendus d'ici le *20 novembre*\n• Dîner fourni"),
        "research_day_link": "Soumettre un résumé | https://med.example.org/research-day",
        "flash_topic": "cardiologie",
        "event_title": "Rencontre avec le corps professoral",
        "circle_theme": "Bien-être des résident·es et fellows",
        "night_shift": "Garde de nuit",
    },
}


def sample(language: str, key: str) -> str:
    """What a pretend person types, in `language` (English for a language the demo does not seed)."""
    return SAMPLES.get(language, SAMPLES["en"])[key]
