"""Udir's Norwegian names for what the catalogue calls by code (shared by the readers)."""

from .records import Subgroup

SUBJECTS = {"lesing": "reading", "regning": "numeracy", "engelsk": "english"}
GENDERS: dict[str, Subgroup] = {
    "alle kjønn": "all",
    "begge kjønn": "all",
    "jenter": "girls",
    "gutter": "boys",
}
# Pupil survey (Elevundersøkelsen) index names → catalogue codes.
PUPIL_SURVEY = {
    "trivsel": "ps_wellbeing",
    "støtte fra lærer": "ps_teacher_support",
    "støtte fra lærerne": "ps_teacher_support",
    "vurdering for læring": "ps_assessment_for_learning",
    "læringskultur": "ps_learning_culture",
    "mestring": "ps_mastery",
    "motivasjon": "ps_motivation",
    "elevdemokrati og medvirkning": "ps_pupil_democracy",
    "faglig utfordring": "ps_academic_challenge",
    "felles regler": "ps_common_rules",
    "støtte hjemmefra": "ps_home_support",
    "utdanning og yrkesveiledning": "ps_career_guidance",
    "utdanning og yrkesveiledning (videregående)": "ps_career_guidance",
    "mobbing på skolen": "ps_bullying",
}


def school_year(period: str) -> str:
    """'2014-2015' or '2014-15' → '2014-15'."""
    start, _, end = period.strip().partition("-")
    return f"{start}-{end[-2:]}" if start.isdigit() and end.isdigit() else period.strip()


def grade_from(text: str) -> int | None:
    """'Trinn 5', '5. trinn', '7. årstrinn', 'Videregående trinn 1' → 5, 5, 7, 11."""
    digits = "".join(ch if ch.isdigit() else " " for ch in text).split()
    if not digits:
        return None
    number = int(digits[0])
    return number + 10 if "videregående" in text.casefold() else number
