"""Major false alarms on real correct translations, one row per cause, and the errors of the same
shape that must stay major.

True negatives: pairs from the development split of the real corpora (see each
corpora/real/<corpus>/SOURCE.md) that an earlier version of a check reported as a major error,
vendored in corpora/real/*/p4-last-mile.tsv (column `note`: the cause). Each is checked in both
directions; any minor or review-note finding may remain, a major one may not. True positives: the
same shapes with a wrong value, which must still be major; the authored errors of corpora/checks are
tested in test_real_names_numbers_dates.py.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from mtqa.types import Severity

ROOT = Path(__file__).resolve().parents[2]
CHECK_OF = {"names": "entities", "numbers": "numbers", "untranslated": "untranslated_words", "dates": "dates"}


def _real() -> list[tuple[str, str, str, str, str]]:
    rows = []
    for path in sorted((ROOT / "corpora" / "real").glob("*/p4-last-mile.tsv")):
        with path.open(encoding="utf-8", newline="") as fh:
            for r in csv.DictReader(fh, delimiter="\t"):
                rows.append((CHECK_OF[r["class"]], f"{path.parent.name}:{r['line']}", r["it"], r["en"], r["note"]))
    return rows


REAL = _real()


def _majors(run_check, check: str, src: str, tgt: str, s: str, t: str) -> list[str]:
    signals = run_check(check, src, tgt, source_lang=s, target_lang=t)
    return [x.message for x in signals if x.severity_hint is not None and x.severity_hint >= Severity.MAJOR]


def test_every_class_has_real_rows() -> None:
    assert {check for check, *_ in REAL} == set(CHECK_OF.values())


@pytest.mark.parametrize("direction", [("it", "en"), ("en", "it")], ids=["it-en", "en-it"])
@pytest.mark.parametrize(("check", "origin", "it", "en", "note"), REAL, ids=[r[1] for r in REAL])
def test_real_correct_pair_has_no_major(run_check, check: str, origin: str, it: str, en: str, note: str,
                                        direction: tuple[str, str]) -> None:
    src, tgt = (it, en) if direction[0] == "it" else (en, it)
    assert _majors(run_check, check, src, tgt, *direction) == [], f"{origin} ({note})"


# The same shapes with the value changed: still a major finding, in both directions.
ERRORS = [
    ("numbers", "Sono attese 10-12 mila persone.", "10,000-15,000 people are expected."),
    ("numbers", "Percepiranno tra i cinque e i venticinque miliardi di dollari.", "They will get between USD 6 billion and USD 25 billion."),
    ("numbers", "Il ricevimento è dalle 18:00 alle 20:00.", "The reception is from 5-8 p.m."),
    ("numbers", "L'attaccante di 198 cm è cresciuto a Baton Rouge.", "The 5-foot-6 forward grew up in Baton Rouge."),
    ("numbers", "Venti fino a 138 km/h.", "Winds of 60 mph."),
    ("numbers", "Venti fino a 138 km/h.", "Winds of 138 mph."),
    ("numbers", "Sono arrivata alle due e mezza.", "I arrived at 3:30."),
    ("numbers", "La crescita raggiungerà il 2, 8 percento.", "Growth will reach 3.8%."),
    ("numbers", "Circa 700, 000 capi.", "About 70 000 cattle."),
    ("numbers", "Cadranno tra 2,5 e 7,5 cm di pioggia.", "Between 5 and 8 inches of rain will fall."),
    ("numbers", "Lo dice l'articolo 5, paragrafo 1.", "Article 6.2 says so."),
    ("numbers", "Ha aggiunto 5 milioni di ECU.", "It added ECU 8 m."),
    ("names", "Il salone si tiene a Torino il 3 marzo.", "The show is held in Milan on March 3."),
    ("names", "Piove in Emilia-Romagna da ieri.", "It has been raining in Friuli-Venezia since yesterday."),
    ("names", "Franco Rossi ha vinto la gara.", "Paolo Rossi won the race."),
    ("names", "Stranamente Anton era impegnato.", "Oddly, Boris was busy."),
    ("untranslated", "Ha ottenuto un risultato fatale per la squadra.", "He got a result fatale for the team."),
    ("untranslated", "Ha rinviato la riforma delle pensioni.", "He has rinviato the pension reform."),
    ("dates", "Io me ne vado dopodomani.", "I leave tomorrow."),
    ("dates", "Il 19 marzo 1997 e il 24 marzo la Commissione ha deciso.", "On 19 March 1997 and on 24 March 1998 the Commission decided."),
]


def _error_cases() -> list[object]:
    """Each error in both directions, except where the reverse is not the same error: an Italian
    word left in English is not an English word left in Italian, and a year only in the target is
    not checked (a translator may add the year)."""
    cases: list[object] = []
    for k, (check, it, en) in enumerate(ERRORS):
        for direction in (("it", "en"), ("en", "it")):
            if check == "untranslated" and direction[0] == "en":
                continue
            if it.startswith("Il 19 marzo 1997") and direction[0] == "it":
                continue
            cases.append(pytest.param(check, it, en, direction, id=f"{check}-{k}-{direction[0]}-{direction[1]}"))
    return cases


@pytest.mark.parametrize(("check", "it", "en", "direction"), _error_cases())
def test_error_of_the_same_shape_is_major(run_check, check: str, it: str, en: str, direction: tuple[str, str]) -> None:
    src, tgt = (it, en) if direction[0] == "it" else (en, it)
    assert _majors(run_check, CHECK_OF.get(check, check), src, tgt, *direction), (it, en)


@pytest.mark.parametrize(("text", "word", "initial"), [
    ("-- (FR) Accolgo con grande soddisfazione la relazione.", "Accolgo", True),
    ("(DE) Signor Presidente, grazie.", "Signor", True),
    ("Il voto (UE) Relatrice del gruppo.", "Relatrice", False),
    ("Ne parla la (lunga) Relazione.", "Relazione", False),
])
def test_a_leading_language_tag_opens_the_sentence(text: str, word: str, initial: bool) -> None:
    from mtqa.checks._base import is_initial

    assert is_initial(text, text.index(word)) is initial
