"""Italian negation: when a negator negates nothing (see mtqa.checks.negation)."""

from __future__ import annotations

import re

# Expletive / non-negating contexts (Serianni, Grammatica italiana XI.50: "non" pleonastico).
_IT_EXPLETIVE_BEFORE = re.compile(
    r"(?:\bfinch[éè]|\bfintant(?:o|oché)|\ba meno che|\bprima che|\bdi quanto|\bfino a quando|\bfin quando|"
    r"\bsalvo che|\bpoco mancò che)\s+(?:\S+\s+){0,3}$",
    re.I,
)
_IT_NOT_NEG_AFTER = re.compile(r"\s+appena\b", re.I)
# "non ... che" is restrictive, not negative: "non è che una prova" = "is only a proof", "non possiamo
# che sostenere" = "we can only / must support", "non ha fatto altro che" = "did nothing but";
# "non solo" = "not only" (additive). Both translate without a negator.
_IT_RESTRICTIVE_AFTER = re.compile(
    r"\s+(?:(?:è|e'|sono|era|erano|sarà|fa|fanno|faceva|resta|rimane|restano|rimangono|c'è|ci resta|"
    r"(?:si )?(?:può|possono|posso|possiamo|potrà|potranno|potrebbe|potevo|poteva))\s+che\b|"
    r"(?:\S+\s+){0,3}(?:nient'|null'|nessun'|)altro\s+che\b|(?:\S+\s+)?(?:soltanto|solo|solamente)\b|"
    r"(?:c['’]è|vi è|ho|abbiamo)\s+(?:alcun\s+)?dubbi[o]?\b|da ultimo\b|ultimo\b)",
    re.I,
)
# "non" before a noun or adjective forms a compound ("non vedenti" = the blind, "non profit").
_IT_COMPOUND_AFTER = re.compile(r"\s+(?:vedent|udent|profit|governativ|autosufficient|residenti\b|fumator)", re.I)
# "senza dubbio" = "no doubt" / "of course", "senza riserve" = "readily"; "o no" = "or not".
_IT_SENZA_IDIOM_AFTER = re.compile(r"\s+(?:alcun\s+)?(?:dubbio|dubbi|riserve|indugio|indugi)\b", re.I)
_IT_OR_BEFORE = re.compile(r"\bo\s+$", re.I)
# "se non addirittura" = "or even", "quando non" = "if not already": a scale, not a negation.
_IT_SCALAR_BEFORE = re.compile(r"\b(?:se|quando)\s+$", re.I)
_IT_SCALAR_AFTER = re.compile(r"\s*,?\s+(?:addirittura|persino|perfino|anche|proprio|già|in molti casi)\b", re.I)
# "per non parlare di" / "per non dire" = "not to mention" / "not to say": additive, like "not only";
# English reads "not to mention" the same way, so neither side counts as a negation.
_IT_ADDITIVE_BEFORE = re.compile(r"\bper\s+$", re.I)
_IT_ADDITIVE_AFTER = re.compile(r"\s+(?:parlare|dire|citare|menzionare)\b", re.I)
# "mai" in a question is "ever" ("Ha mai mentito?" = "Have you ever lied?").
_QUESTION_AHEAD = re.compile(r"[^.!?]*\?")
_IT_SUPERLATIVE_BEFORE = re.compile(
    r"\b(?:più|meno|maggiore|minore|migliore|peggiore|massim[oaie]|minim[oaie]|prim[oaie] volta|"
    r"come|se|che)\s+(?:\S+\s+){0,3}$",
    re.I,
)


def negates(text: str, m: re.Match[str]) -> bool:
    """False when the negator `m` found in `text` negates nothing: the expletive "non", "non appena",
    restrictive "non ... che", "per non parlare di", compounds ("non vedenti"), "niente meno che", "senza dubbio", "o no",
    "se non addirittura", and "mai" meaning "ever"."""
    word = m.group(0).lower()
    before = text[max(0, m.start() - 60):m.start()]
    if word == "non" and (
        _IT_EXPLETIVE_BEFORE.search(before)
        or _IT_NOT_NEG_AFTER.match(text, m.end())
        or _IT_RESTRICTIVE_AFTER.match(text, m.end())
        or _IT_COMPOUND_AFTER.match(text, m.end())
    ):
        return False
    if word == "non" and _IT_SCALAR_BEFORE.search(before) and _IT_SCALAR_AFTER.match(text, m.end()):
        return False
    if word == "non" and _IT_ADDITIVE_BEFORE.search(before) and _IT_ADDITIVE_AFTER.match(text, m.end()):
        return False
    if word in ("niente", "nulla") and re.match(r"\s*meno\b", text[m.end():]):
        return False  # "niente meno che" = "none other than"
    if word == "senza" and _IT_SENZA_IDIOM_AFTER.match(text, m.end()):
        return False
    if word == "no" and _IT_OR_BEFORE.search(before):
        return False
    if word == "mai" and not re.search(r"\bnon\b", before[-25:]) and (
        _IT_SUPERLATIVE_BEFORE.search(before) or _QUESTION_AHEAD.match(text, m.end())
    ):
        return False
    return True


def morphological_cues(folded: str) -> list[str]:
    """Negative words formed by affixes in `folded` text: none counted in Italian."""
    return []
