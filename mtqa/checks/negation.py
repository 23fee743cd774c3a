"""Negation and polarity: a negation cue on one side with none on the other flips the meaning.

Strong cues are the negators themselves (non, mai, nessuno, niente, né, senza / not, n't, never,
no, none, nothing, without, neither). Italian has cues that negate nothing and must be dropped
first: the expletive "non" after "finché", "a meno che", "prima che" and comparatives ("più di
quanto non"), "non appena" (= as soon as), and "mai" in superlatives ("il più alto mai
registrato" = the highest ever recorded). Translators also carry negation in words that are not
negators ("non è chiaro" -> "it is unclear", "non ha commentato" -> "declined to comment", "senza
precedenti" -> "unprecedented"): those *weak* cues (data/negation_weak.txt) balance a strong cue on
the other side but never raise a finding themselves. Counts are not compared: "non ... mai" is one
negation in English ("never"), and the MQM error is a flipped polarity, not a count.

English negators can negate nothing too: question tags ("isn't he?" = "vero?"), "whether or not",
"not only", "no doubt", "No 5". Italian "non ... che" is restrictive ("non possiamo che" = "we can
only"), "non solo" additive, "mai" in a question is "ever".

A lone "senza"/"without" counts only when the other side has "with"/"con" in its place: its
reversal keeps the preposition's slot, a rephrasing ("senza pericolo" -> "safely") does not.

Severity: minor in a short sentence, else a review note. On real human translations
(benchmarks/real_precision.py, dev split) a negation on one side only is far more often a paraphrase
("non funzionano" -> "are down", "senza pericolo" -> "safely", a litotes, an antonym) than a
reversed meaning, and the longer the sentence the more room a translator has to recast it: on the
dev split all 34 one-sided negations in correct pairs are in sentences of more than
SHORT_WORDS words, so there the finding is below the precision bar (mtqa/codes.py) and only asks for
a look; in shorter sentences it clears the bar (benchmarks/severity_bar.py) and stays minor.
"""

from __future__ import annotations

import re

from mtqa.checks._base import RuleScorer, fold, quote, word_set
from mtqa.types import Category, Pair, Severity, Signal

_CUES = {
    "it": re.compile(
        r"\b(?:non|mai|nessun[oa]?|nessun'|niente|nulla|né|ne'|senza|neanche|nemmeno|neppure|mica|"
        r"no)\b",
        re.I,
    ),
    "en": re.compile(
        r"\b(?:not|never|no|none|nothing|nobody|nowhere|neither|nor|without|cannot)\b|n['’]t\b|\bno[- ]one\b|\bw/o\b",
        re.I,
    ),
}
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
# "mai" in a question is "ever" ("Ha mai mentito?" = "Have you ever lied?").
_QUESTION_AHEAD = re.compile(r"[^.!?]*\?")
_IT_SUPERLATIVE_BEFORE = re.compile(
    r"\b(?:più|meno|maggiore|minore|migliore|peggiore|massim[oaie]|minim[oaie]|prim[oaie] volta|"
    r"come|se|che)\s+(?:\S+\s+){0,3}$",
    re.I,
)
# un- words that are not negative.
_EN_UN_NOT_NEG = re.compile(r"un(?:der|ite|ivers|ion|iform|ique|ilateral|animous|ify|it|til|cle|to\b|less)")
# English negators that negate nothing: the tag of a question ("He is ready, isn't he?" = "È pronto,
# vero?"), the alternative "whether or not" / "or not", the additive "not only" / "not least", the
# certain "no doubt", and numbering ("No. 1", "Amendment No 5").
_EN_TAG_AFTER = re.compile(r"\s+(?:i|you|he|she|it|we|they|there|one)\s*[?]", re.I)
_EN_NOT_NEG_AFTER = {
    "not": re.compile(r"\s+(?:only|least|just|merely|to mention)\b", re.I),
    "none": re.compile(r"\s+other than\b", re.I),
    "nothing": re.compile(r"\s+(?:but|more than|less than|short of)\b", re.I),
    "without": re.compile(r"\s+(?:saying|a doubt|doubt|question)\b", re.I),
    "no": re.compile(r"\.?\s*\d|\s+(?:doubt|more than|less than|reservations?)\b", re.I),
}
_EN_OR_BEFORE = re.compile(r"\bor\s+$", re.I)


def cues(text: str, lang: str) -> list[tuple[int, int, str]]:
    """Strong negation cues in `text` that really negate, as (start, end, cue)."""
    out = []
    for m in _CUES[lang].finditer(text):
        word = m.group(0).lower()
        before = text[max(0, m.start() - 60):m.start()]
        if lang == "it":
            if word == "non" and (
                _IT_EXPLETIVE_BEFORE.search(before)
                or _IT_NOT_NEG_AFTER.match(text, m.end())
                or _IT_RESTRICTIVE_AFTER.match(text, m.end())
                or _IT_COMPOUND_AFTER.match(text, m.end())
            ):
                continue
            if word == "non" and _IT_SCALAR_BEFORE.search(before) and _IT_SCALAR_AFTER.match(text, m.end()):
                continue
            if word in ("niente", "nulla") and re.match(r"\s*meno\b", text[m.end():]):
                continue  # "niente meno che" = "none other than"
            if word == "senza" and _IT_SENZA_IDIOM_AFTER.match(text, m.end()):
                continue
            if word == "no" and _IT_OR_BEFORE.search(before):
                continue
            if word == "mai" and not re.search(r"\bnon\b", before[-25:]) and (
                _IT_SUPERLATIVE_BEFORE.search(before) or _QUESTION_AHEAD.match(text, m.end())
            ):
                continue
        elif lang == "en":
            if word.endswith(("n't", "n’t")) and _EN_TAG_AFTER.match(text, m.end()):
                continue
            after = _EN_NOT_NEG_AFTER.get(word)
            if after is not None and after.match(text, m.end()):
                continue
            if word == "not" and _EN_OR_BEFORE.search(before):
                continue
        out.append((m.start(), m.end(), m.group(0)))
    return out


def weak_cues(text: str, lang: str) -> list[str]:
    """Words that carry negation without being negators ('unclear', 'impossibile', 'declined')."""
    table = word_set(f"negation_weak.{lang}.txt")
    found = [w for w in re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)?", fold(text)) if w in table]
    if lang == "en":
        found += [w for w in re.findall(r"\b(?:un[a-z]{3,}|non-?[a-z]{4,}|[a-z]{3,}less)\b", fold(text))
                  if not _EN_UN_NOT_NEG.match(w)]
    return found


_WITHOUT = {"senza", "without", "w/o"}
_WITH = {"it": re.compile(r"\b(?:con|col|coi|colla|con l['’])\b", re.I), "en": re.compile(r"\bwith\b", re.I)}


def _preposition_flipped(found: list[tuple[int, int, str]], other: str, other_lang: str) -> bool:
    """When the only cue is "senza"/"without", its reversal is "with"/"con" ("Senza un accordo" ->
    "With an agreement"); with no such preposition on the other side it was rephrased ("senza
    pericolo" -> "safely", "senza modifiche" -> "as it stands"), not reversed."""
    if any(c.lower() not in _WITHOUT for _, _, c in found):
        return True
    return bool(_WITH[other_lang].search(other))


# The longest sentence (in words, the longer side) whose one-sided negation is reported as minor.
SHORT_WORDS = 15


class NegationScorer(RuleScorer):
    name = "negation"
    version = "2"

    def check(self, pair: Pair) -> list[Signal]:
        src = cues(pair.source, self.source_lang)
        tgt = cues(pair.target, self.target_lang)
        if bool(src) == bool(tgt):
            return []
        if not _preposition_flipped(src or tgt, pair.target if src else pair.source, self.target_lang if src else self.source_lang):
            return []
        short = max(len(pair.source.split()), len(pair.target.split())) <= SHORT_WORDS
        severity = Severity.MINOR if short else Severity.NOTE
        if src and not weak_cues(pair.target, self.target_lang):
            s = src[0]
            return [Signal(
                code="NEG001", category=Category.MISTRANSLATION, scorer=self.name,
                message=f"the source is negated ({quote(s[2])}) but the target has no negation; "
                        "check that the meaning is not reversed",
                source_span=(s[0], s[1]), target_span=None, severity_hint=severity)]
        if tgt and not weak_cues(pair.source, self.source_lang):
            t = tgt[0]
            return [Signal(
                code="NEG002", category=Category.MISTRANSLATION, scorer=self.name,
                message=f"the target is negated ({quote(t[2])}) but the source has no negation; "
                        "check that the meaning is not reversed",
                target_span=(t[0], t[1]), source_span=None, severity_hint=severity)]
        return []
