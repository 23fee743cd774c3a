"""Error types that substitute or move words: sense (hypernym, hyponym, wrong sense), names and
numbers, argument swaps, untranslated spans and repetitions. Severities: see `corruptions`."""

from __future__ import annotations

import difflib
import random
import re

from mtqa.training.corruptions import Context, _article_fix
from mtqa.training.edits import Corruption, Edit, corruption
from mtqa.training.lexical import MONTHS, NUMBER_WORDS, WEEKDAYS, Token, inflect, is_plural_noun, match_case, open_classes
from mtqa.training.phrases import clause_final, noun_phrase, noun_phrase_of
from mtqa.training.wordnet import WordNet


def _attested(wn: WordNet, lemma: str, pos: str, *, instead_of: str = "") -> bool:
    """A lemma seen in WordNet's sense-tagged text in this POS (common enough to be a plausible word
    choice) that does not contain the word it replaces ("year" -> "calendar year" only adds a modifier)."""
    e = wn.entry(lemma, pos)
    return e is not None and e.tagged_senses > 0 and instead_of not in lemma.lower().split()


def _noun_form(tok: Token, lemma: str) -> str | None:
    return inflect(lemma, "NNS") if is_plural_noun(tok) else lemma


def sense(ctx: Context) -> Corruption | None:
    """Replace a common noun by a hypernym (minor), a hyponym or a synonym of another sense (major)."""
    wn, t = ctx.wn, ctx.tokens
    options: list[tuple[str, str, int, str]] = []
    for i, tok in enumerate(t):
        if tok.tag != "NOUN" or not tok.text.isalpha() or not tok.text.islower():
            continue
        if i + 1 < len(t) and t[i + 1].tag == "NOUN":
            continue  # a modifier in a compound ("public order"): its sense is the compound's
        if i and t[i - 1].lower == "a" and i + 1 < len(t) and t[i + 1].lower == "of":
            continue  # "a number of", "a kind of": a quantifier, not the noun's own sense
        senses = wn.synsets(tok.lemma, "n")
        if not senses or not wn.dominant_first_sense(tok.lemma, "n"):
            continue  # the hypernym of a sense the text may not mean is no error at all
        first = senses[0]
        for p in first.related("@")[:1]:
            for lem in wn.synset(p.offset, "n").lemmas:
                if lem.lower() != tok.lemma and _attested(wn, lem, "n", instead_of=tok.lemma) and lem.islower():
                    options.append(("hypernym", "minor", i, lem))
                    break
        hypos = [lem for p in first.related("~") for lem in wn.synset(p.offset, "n").lemmas[:1]
                 if lem.islower() and lem != tok.lemma and _attested(wn, lem, "n", instead_of=tok.lemma)]
        if hypos:
            options.append(("hyponym", "major", i, ctx.rng.choice(hypos)))
        # a synonym of a rarely used sense ("response" -> "reply" is not wrong): at most a tenth of the uses
        first_lemmas = {x.lower() for x in first.lemmas}
        counts = wn.sense_counts(tok.lemma, "n")
        wrong = [lem for k, ss in enumerate(senses[1:4], start=1) if counts[k] <= 0.1 * sum(counts) for lem in ss.lemmas
                 if lem.lower() not in first_lemmas and lem.islower() and lem != tok.lemma
                 and _attested(wn, lem, "n", instead_of=tok.lemma)]
        if wrong:
            options.append(("wrong-sense", "major", i, ctx.rng.choice(wrong)))
    chosen = ctx.pick(options)
    if not chosen:
        return None
    sub, sev, i, lemma = chosen
    tok = t[i]
    new = _noun_form(tok, lemma)
    if not new:
        return None
    edits = [Edit(tok.start, tok.end, new), *(_article_fix(ctx, i - 1, new) if i else [])]
    return corruption("sense", sub, sev, ctx.target, edits)


# ---------------------------------------------------------------- names, numbers, dates

def _other_number(rng: random.Random, text: str) -> str:
    digits = text.replace(",", "")
    pct = digits.endswith("%")
    digits = digits.rstrip("%")
    if re.fullmatch(r"(1[89]|20)\d\d", digits):
        return str(int(digits) + rng.choice([-10, -5, -2, -1, 1, 2, 5, 10]))
    if re.fullmatch(r"\d+", digits):
        n = int(digits)
        new = n * 10 if rng.random() < 0.4 else n + rng.choice([-2, -1, 1, 2, 3]) * max(1, 10 ** (len(digits) - 2))
        if new <= 1 or new == n:
            new = n + 7
        out = f"{new:,}" if "," in text else str(new)
        return out + ("%" if pct else "")
    # a decimal: change its last digit
    last = int(digits[-1])
    return text[:-1 - pct] + str((last + rng.randint(1, 8)) % 10) + ("%" if pct else "")


def entity(ctx: Context) -> Corruption | None:
    """Substitute a number, a month or weekday, or a proper name (another instance of the same WordNet
    class, "Italy" -> "Spain"; else a name from another sentence)."""
    t, rng = ctx.tokens, ctx.rng
    options: list[tuple[str, list[Edit]]] = []
    for i, tok in enumerate(t):
        if tok.tag == "NUM" and tok.text[0].isdigit():
            options.append(("number", [Edit(tok.start, tok.end, _other_number(rng, tok.text))]))
        elif tok.lower in NUMBER_WORDS[2:]:
            other = rng.choice([w for w in NUMBER_WORDS[2:] if w != tok.lower])
            options.append(("number", [Edit(tok.start, tok.end, match_case(other, tok.text))]))
        elif tok.text in MONTHS or tok.text in WEEKDAYS:
            pool = MONTHS if tok.text in MONTHS else WEEKDAYS
            options.append(("date", [Edit(tok.start, tok.end, rng.choice([m for m in pool if m != tok.text]))]))
    i = 0
    while i < len(t):
        if t[i].tag != "PROPN" or t[i].text in MONTHS or t[i].text in WEEKDAYS:
            i += 1
            continue
        j = i
        while j < len(t) and t[j].tag == "PROPN":
            j += 1
        name = ctx.target[t[i].start : t[j - 1].end]
        opening = i == 0 or t[i - 1].text in ".!?:;\"'(-"
        if not name.replace(" ", "").isalpha() or (opening and not _sibling_instance(ctx, name)):
            i = j
            continue  # "A4" in "(A4 - 0391 / 98)" is a code; a capitalised opening word ("Subject: Non") may be no name
        definite = i > 0 and t[i - 1].lower == "the"
        # a WordNet sibling may not take "the" ("the United States" -> "the Mexico"): only without it
        new = (None if definite else _sibling_instance(ctx, name)) or _donor_name(ctx, name, definite=definite)
        if new:
            options.append(("named-entity", [Edit(t[i].start, t[j - 1].end, new)]))
        i = j
    chosen = ctx.pick(options)
    if not chosen:
        return None
    sub, edits = chosen
    return corruption("entity", sub, "major", ctx.target, edits)


def _sibling_instance(ctx: Context, name: str) -> str | None:
    for ss in ctx.wn.synsets(name, "n")[:1]:
        if name not in ss.lemmas:
            return None
        for p in ss.related("@i")[:1]:
            cls = ctx.wn.synset(p.offset, "n")
            sibs = [ctx.wn.synset(q.offset, "n").lemmas[0] for q in cls.related("~i")]
            sibs = [s for s in sibs if s != name and s[:1].isupper() and s.replace(" ", "").isalpha()]
            if sibs:
                return ctx.rng.choice(sibs)
    return None


def _donor_name(ctx: Context, name: str, *, definite: bool) -> str | None:
    """A one-word name from another sentence that takes "the" exactly when `name` does here
    ("the Commission" -> "the Council", "Kavanaugh" -> "Prodi"; not "the Europe")."""
    from mtqa.training.lexical import tag_sentence

    if " " in name or not _name_like(ctx.wn, name):
        return None
    names = []
    for donor in ctx.donors:
        d = tag_sentence(donor)
        names += [d[k].text for k in range(1, len(d)) if d[k].tag == "PROPN" and d[k].text != name and d[k].text.isalpha()
                  and d[k - 1].tag != "PROPN" and (k + 1 == len(d) or d[k + 1].tag != "PROPN")
                  and (d[k - 1].lower == "the") == definite and _name_like(ctx.wn, d[k].text)
                  and len(d[k].text) > 2 and d[k].text.isupper() == name.isupper()]  # "EU" -> "NATO", "Prodi" -> "Kinnock"
    return ctx.rng.choice(names) if names else None


def _name_like(wn: WordNet, word: str) -> bool:
    """A capitalised word that is not also a common word ("French", "Community", "Parliament") nor a
    month or day: a name ("Prodi", "BBC") a reader would take for a different referent."""
    low = word.lower()
    return not open_classes(low) and not wn.has(low, "a") and word not in MONTHS and word not in WEEKDAYS


# ---------------------------------------------------------------- argument swap

# nouns that head a fixed "the N of X" frame ("for the sake of", "by the end of", "the rest of"):
# swapped they give nonsense rather than a plausible wrong reading
_PARTITIVE = frozenset("sake end beginning middle rest part majority number lot kind type sort course case basis exception"
                       " top bottom side light behalf".split())
_PHRASE_END = frozenset({"PUNCT", "PREP", "CONJ", "SCONJ", "BE", "HAVE", "MODAL", "VERB", "DO", "TO"})


def swap(ctx: Context) -> Corruption | None:
    """Swap two arguments so the roles change: "from A to B", "the X of the Y", subject and object."""
    t, text = ctx.tokens, ctx.target
    options: list[tuple[str, int, int, int, int]] = []
    for i in range(len(t) - 3):
        # "shifting the criteria from A to B": after a verb or a noun of change; not "how far it is
        # from A to B" (a symmetric distance) nor "saved Liverpool from a loss to Chelsea"
        if t[i].lower == "from" and i and t[i - 1].tag in ("VERB", "NOUN"):
            e1 = noun_phrase_of(t, i + 1)
            if e1 and e1 < len(t) - 1 and t[e1].lower == "to":
                e2 = noun_phrase_of(t, e1 + 1)
                if e2 and clause_final(t, e2) or (e2 and t[e2].tag in ("PREP", "CONJ")):
                    options.append(("from-to", i + 1, e1, e1 + 1, e2))
        if t[i].tag == "DET" and t[i].lower == "the" and (i == 0 or t[i - 1].tag in ("PREP", "VERB", "PUNCT")):
            e1 = noun_phrase(t, i)
            if e1 and e1 < len(t) - 2 and t[e1].lower == "of" and t[e1 + 1].lower == "the":
                e2 = noun_phrase(t, e1 + 1)
                # the second phrase must end where the noun phrase ends ("the Leonardo da Vinci
                # programme" is not "the Leonardo")
                if e2 and (e2 >= len(t) or t[e2].tag in _PHRASE_END) and e1 - i >= 2 and e2 - e1 - 1 >= 2 \
                        and t[e1 - 1].lower not in _PARTITIVE \
                        and not (e2 + 1 < len(t) and t[e2].tag == "PREP" and t[e2 + 1].text[:1].isupper()):
                    # (not "the Committee" out of "the Committee on Petitions")
                    options.append(("of-complement", i, e1, e1 + 1, e2))
    e1 = noun_phrase(t, 0)
    if e1 and e1 < len(t) - 2 and t[e1].tag == "VERB" and t[0].tag != "PRON":
        from mtqa.training.corruptions import _verb_tag

        e2 = noun_phrase(t, e1 + 1)
        same_number = e2 and is_plural_noun(t[e1 - 1]) == is_plural_noun(t[e2 - 1])
        if e2 and clause_final(t, e2) and (_verb_tag(t[e1]) == "VBD" or same_number) and t[e1 + 1].tag != "PRON":
            options.append(("subject-object", 0, e1, e1 + 1, e2))
    chosen = ctx.pick(options)
    if not chosen:
        return None
    sub, a, b, c, d = chosen
    one, two = text[t[a].start : t[b - 1].end], text[t[c].start : t[d - 1].end]
    if one.lower() == two.lower():
        return None
    if a == 0 or t[a - 1].text in ".!?":  # the first phrase opened a sentence: the capital moves
        if t[a].tag != "PROPN":
            one = one[0].lower() + one[1:]
        two = two[0].upper() + two[1:]
    edits = [Edit(t[a].start, t[b - 1].end, two), Edit(t[c].start, t[d - 1].end, one)]
    return corruption("swap", sub, "major", text, edits)


# ---------------------------------------------------------------- untranslated span

_IT_ARTICLE = frozenset("il lo la i gli le un una uno l'".split())
_IT_WORD = re.compile(r"\w+'?", re.UNICODE)


def untranslated(ctx: Context) -> Corruption | None:
    """Put the Italian source words back in place of their English translation. Word pairs are found
    as cognates (same first four letters and a close spelling: "fragmentation"/"frammentazione"), which
    is where an untranslated word is hardest to tell from a translation by spelling alone; a preceding
    article comes along when both sides have one, and a cognate adjective next to the noun too."""
    t = ctx.tokens
    src = [(m.group(), m.start(), m.end()) for m in _IT_WORD.finditer(ctx.source)]
    options = []
    for i, tok in enumerate(t):
        if tok.tag not in ("NOUN", "ADJ", "VERB") or len(tok.text) < 5 or not tok.text.isalpha():
            continue
        low = tok.lower
        for k, (w, _s, _e) in enumerate(src):
            wl = w.lower()
            # not an English word itself ("morale" for "morality" would be a false friend, another error)
            if wl != low and wl[:4] == low[:4] and difflib.SequenceMatcher(None, wl, low).ratio() >= 0.7 \
                    and not open_classes(wl):
                options.append((i, k))
    chosen = ctx.pick(options)
    if not chosen:
        return None
    i, k = chosen
    a, b, ka, kb = i, i + 1, k, k + 1
    if i and t[i - 1].tag == "DET" and k and src[k - 1][0].lower() in _IT_ARTICLE:
        a, ka = i - 1, k - 1
    new = ctx.source[src[ka][1] : src[kb - 1][2]]
    if a == 0 or (a and t[a - 1].text in ".!?"):
        new = new[0].upper() + new[1:]
    return corruption("untranslated", "cognate-span" if kb - ka > 1 else "cognate-word", "major", ctx.target,
                      [Edit(t[a].start, t[b - 1].end, new)], exempt=frozenset({"known-words"}))


# ---------------------------------------------------------------- repetition

def repetition(ctx: Context) -> Corruption | None:
    """Repeat a content word or a short phrase right after itself, as neural MT does when it loops."""
    t = ctx.tokens
    options = []
    for i, tok in enumerate(t):
        if tok.tag in ("NOUN", "VERB", "ADJ", "PROPN"):
            for n in (1, 2, 3):
                a = i - n + 1
                if a >= 0 and all(x.tag != "PUNCT" for x in t[a : i + 1]):
                    options.append((a, i + 1))
    chosen = ctx.pick(options)
    if not chosen:
        return None
    a, b = chosen
    phrase = ctx.target[t[a].start : t[b - 1].end]
    if a == 0:
        phrase = phrase[0].lower() + phrase[1:] if t[0].tag != "PROPN" else phrase
    return corruption("repetition", "word" if b - a == 1 else "phrase", "minor", ctx.target,
                      [Edit(t[b - 1].end, t[b - 1].end, " " + phrase)], exempt=frozenset({"doubled-words"}))
