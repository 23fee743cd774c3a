"""Every error type and correct variant, run on real development-split sentences
(corpora/real/*/qgen-dev-sample.tsv): each must occur, and each output must keep the promise of
its type (what changed, how it is tagged, its severity, grammatical by the gate)."""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Callable

from mtqa.training import corruptions as C
from mtqa.training import substitutions as S
from mtqa.training import variants as V
from mtqa.training.corruptions import Context
from mtqa.training.edits import Corruption
from mtqa.training.grammar import rejection
from mtqa.training.lexical import MONTHS, WEEKDAYS, open_classes, split_tokens

DONORS = ["The Council adopted the report in Brussels.", "We met Mr Prodi in Rome last week.",
          "The new rules protect small farmers."]
SEEDS = range(6)
SEVERITY = {
    ("omission", "verb"): "major", ("omission", "noun"): "major", ("omission", "subject"): "major",
    ("omission", "prepositional-phrase"): "major", ("omission", "adjective"): "minor", ("omission", "adverb"): "minor",
    ("addition", "prepositional-phrase"): "major", ("addition", "modifier"): "minor",
    ("antonym", "wordnet-antonym"): "critical", ("negation", "add"): "critical", ("negation", "remove"): "critical",
    ("tense", "past-to-future"): "major", ("tense", "present-to-past"): "major", ("tense", "future-to-past"): "major",
    ("tense", "progressive-to-simple"): "minor", ("tense", "perfect-to-simple"): "minor",
    ("question", "statement-to-question"): "major", ("question", "question-to-statement"): "major",
    ("sense", "hypernym"): "minor", ("sense", "hyponym"): "major", ("sense", "wrong-sense"): "major",
    ("entity", "number"): "major", ("entity", "date"): "major", ("entity", "named-entity"): "major",
    ("swap", "from-to"): "major", ("swap", "of-complement"): "major", ("swap", "subject-object"): "major",
    ("untranslated", "cognate-word"): "major", ("untranslated", "cognate-span"): "major",
    ("repetition", "word"): "minor", ("repetition", "phrase"): "minor",
    ("correct", "synonym"): "none", ("correct", "contraction"): "none", ("correct", "adverbial-reorder"): "none",
    ("correct", "number-format"): "none",
}


def run(fn: Callable[[Context], Corruption | None], pairs, wn) -> list[tuple[object, Corruption]]:  # type: ignore[no-untyped-def]
    """Every accepted output of one generator over the sample, several seeds each."""
    out = []
    for p in pairs:
        seen = set()
        for seed in SEEDS:
            c = fn(Context.make(p.source, p.target, random.Random(seed), wn, DONORS))
            if c is None or c.target in seen or rejection(p.target, c):
                continue
            seen.add(c.target)
            out.append((p, c))
    return out


def words(text: str) -> list[str]:
    return [w.lower() for w, _, _ in split_tokens(text) if w[0].isalnum()]


def check_common(original: str, c: Corruption) -> None:
    assert c.target != original
    assert SEVERITY[(c.type, c.subtype)] == c.severity
    for s, e in c.spans:
        assert 0 <= s < e <= len(c.target), (c, s, e)
        # a tag covers whole words
        assert s == 0 or not (c.target[s - 1].isalnum() and c.target[s].isalnum()), (c.target, s)
        assert e == len(c.target) or not (c.target[e - 1].isalnum() and c.target[e].isalnum()), (c.target, e)
    if c.severity != "none" and c.subtype != "adverbial-reorder":
        assert c.spans, c


def subtypes(results: list[tuple[object, Corruption]]) -> Counter[str]:
    return Counter(c.subtype for _, c in results)


def test_omission(pairs, wn) -> None:  # type: ignore[no-untyped-def]
    results = [r for fn in (C._omit_verb, C._omit_noun, C._omit_modifier, C._omit_subject, C._omit_pp)
               for r in run(fn, pairs, wn)]
    assert {"verb", "noun", "adjective", "adverb", "subject", "prepositional-phrase"} <= set(subtypes(results))
    for p, c in results:
        check_common(p.target, c)
        before, after = words(p.target), words(c.target)
        assert len(after) < len(before), c
        if c.subtype != "verb":  # a verb omission re-inflects the verb it keeps
            left = Counter(before) - Counter(after)
            assert not Counter(w for w in after if w not in ("a", "an")) - Counter(before), c
            assert left, c
            assert c.omission_at is not None
            # the neighbours of the gap are tagged
            assert any(s <= c.omission_at <= e + 1 for s, e in c.spans), c


def test_omission_drops_a_catenative_verb_and_keeps_agreement(wn) -> None:  # type: ignore[no-untyped-def]
    # tatoeba dev line: "I want to save more money."
    c = C._omit_verb(Context.make("Voglio risparmiare più soldi.", "I want to save more money.", random.Random(0), wn, []))
    assert c is not None and c.target == "I save more money." and c.subtype == "verb"


def test_addition(pairs, wn) -> None:  # type: ignore[no-untyped-def]
    results = run(C.addition, pairs, wn)
    assert {"prepositional-phrase", "modifier"} <= set(subtypes(results))
    for p, c in results:
        check_common(p.target, c)
        (s, e), = c.spans
        added = c.target[s:e]
        assert any(added in d for d in DONORS), added
        rest = c.target[:s].rstrip(" ") + (" " if c.subtype == "modifier" else "") + c.target[e:].lstrip(" ")
        assert re.sub(r"\ban?\b", "a", rest) == re.sub(r"\ban?\b", "a", p.target), c


def test_antonym(pairs, wn) -> None:  # type: ignore[no-untyped-def]
    results = run(C.antonym, pairs, wn)
    assert len(results) >= 5
    for p, c in results:
        check_common(p.target, c)
        old, new = Counter(words(p.target)) - Counter(words(c.target)), Counter(words(c.target)) - Counter(words(p.target))
        new.pop("an", None), new.pop("a", None), old.pop("an", None), old.pop("a", None)
        (o,), (n,) = list(old), list(new)
        found = False
        for pos, short in (("NOUN", "n"), ("VERB", "v"), ("ADJ", "a"), ("ADV", "r")):
            for lemma in open_classes(o).get(pos, (o,)):
                ants = C._antonyms(wn, lemma, short)
                found |= any(n == a or a in open_classes(n).get(pos, ()) for a in ants)
        assert found, (o, n)


NEGATORS = re.compile(r"\b(not|never|cannot|n't)\b|n't\b", re.IGNORECASE)


def test_negation(pairs, wn) -> None:  # type: ignore[no-untyped-def]
    results = run(C.negation, pairs, wn)
    assert {"add", "remove"} <= set(subtypes(results))
    for p, c in results:
        check_common(p.target, c)
        delta = len(NEGATORS.findall(c.target)) - len(NEGATORS.findall(p.target))
        assert delta == (1 if c.subtype == "add" else -1), c


def test_negation_removes_do_support_and_reinflects(wn) -> None:  # type: ignore[no-untyped-def]
    c = C.negation(Context.make("", "Tom's parents didn't approve of his lifestyle.", random.Random(0), wn, []))
    assert c is not None and c.target == "Tom's parents approved of his lifestyle."
    assert [c.target[s:e] for s, e in c.spans] == ["approved"]


def test_tense(pairs, wn) -> None:  # type: ignore[no-untyped-def]
    results = run(C.tense, pairs, wn)
    assert {"past-to-future", "present-to-past", "future-to-past", "progressive-to-simple", "perfect-to-simple"} <= set(subtypes(results))
    for p, c in results:
        check_common(p.target, c)
        wills = words(c.target).count("will") - words(p.target).count("will")
        assert wills == {"past-to-future": 1, "future-to-past": -1}.get(c.subtype, 0), c
        if c.subtype in ("progressive-to-simple", "perfect-to-simple"):
            assert len(words(c.target)) == len(words(p.target)) - 1


def test_question(pairs, wn) -> None:  # type: ignore[no-untyped-def]
    results = run(C.question, pairs, wn)
    assert {"statement-to-question", "question-to-statement"} <= set(subtypes(results))
    for p, c in results:
        check_common(p.target, c)
        if c.subtype == "statement-to-question":
            assert p.target.endswith(".") and c.target.endswith("?")
        else:
            assert p.target.endswith("?") and c.target.endswith(".")
        assert c.target[0].isupper()


def test_sense(pairs, wn) -> None:  # type: ignore[no-untyped-def]
    results = run(S.sense, pairs, wn)
    assert {"hypernym", "hyponym", "wrong-sense"} <= set(subtypes(results))
    for p, c in results:
        check_common(p.target, c)
        old = [w for w in Counter(words(p.target)) - Counter(words(c.target)) if w not in ("a", "an")]
        (s, e), = c.spans
        new = c.target[s:e]
        assert len(old) == 1
        lemma = open_classes(old[0])["NOUN"][0]
        first, *others = wn.synsets(lemma, "n")
        new_lemmas = {new} | set(open_classes(new).get("NOUN", ()))
        if c.subtype == "hypernym":
            related = {x for q in first.related("@") for x in wn.synset(q.offset, "n").lemmas}
        elif c.subtype == "hyponym":
            related = {x for q in first.related("~") for x in wn.synset(q.offset, "n").lemmas}
        else:
            related = {x for ss in others for x in ss.lemmas} - set(first.lemmas)
        assert new_lemmas & related, (c.subtype, lemma, new)


def test_entity(pairs, wn) -> None:  # type: ignore[no-untyped-def]
    results = run(S.entity, pairs, wn)
    assert {"number", "date", "named-entity"} <= set(subtypes(results))
    for p, c in results:
        check_common(p.target, c)
        (s, e), = c.spans
        new = c.target[s:e]
        assert new not in p.target[max(0, s - 3) : e + 3] or new != p.target[s:e]
        if c.subtype == "number":
            assert re.search(r"\d", new) or new.lower() in ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve")
        elif c.subtype == "date":
            assert new in MONTHS or new in WEEKDAYS
        else:
            assert new[0].isupper()


def test_named_entity_takes_a_sibling_instance_from_wordnet(wn) -> None:  # type: ignore[no-untyped-def]
    c = S.entity(Context.make("", "Tom was still in Boston in 2013.", random.Random(1), wn, []))
    names = [S.entity(Context.make("", "Tom was still in Boston in 2013.", random.Random(k), wn, [])) for k in range(12)]
    cities = {x.target[x.spans[0][0]:x.spans[0][1]] for x in names if x and x.subtype == "named-entity"}
    assert c is not None and cities
    boston = wn.synsets("Boston", "n")[0]
    state_capital = wn.synset(boston.related("@i")[0].offset, "n")
    siblings = {wn.synset(q.offset, "n").lemmas[0] for q in state_capital.related("~i")}
    assert cities <= siblings - {"Boston"}


def test_swap(pairs, wn) -> None:  # type: ignore[no-untyped-def]
    results = run(S.swap, pairs, wn)
    assert {"from-to", "of-complement", "subject-object"} <= set(subtypes(results))
    for p, c in results:
        check_common(p.target, c)
        assert sorted(words(c.target)) == sorted(words(p.target))
        assert words(c.target) != words(p.target)
        assert len(c.spans) == 2


def test_from_to_swap_on_a_real_sentence(wn) -> None:  # type: ignore[no-untyped-def]
    text = "By shifting the criteria from the regions to the Member States, we can avoid a great deal of problems later on."
    c = S.swap(Context.make("", text, random.Random(0), wn, []))
    assert c is not None and c.target.startswith("By shifting the criteria from the Member States to the regions,")


def test_untranslated(pairs, wn) -> None:  # type: ignore[no-untyped-def]
    results = run(S.untranslated, pairs, wn)
    assert {"cognate-word", "cognate-span"} <= set(subtypes(results))
    for p, c in results:
        check_common(p.target, c)
        (s, e), = c.spans
        for w in c.target[s:e].split():
            assert w.lower() in p.source.lower(), (w, p.source)
            assert not open_classes(w.lower()) or w.lower() in ("la", "il", "un", "una")


def test_repetition(pairs, wn) -> None:  # type: ignore[no-untyped-def]
    results = run(S.repetition, pairs, wn)
    assert {"word", "phrase"} <= set(subtypes(results))
    for p, c in results:
        check_common(p.target, c)
        (s, e), = c.spans
        assert c.target[: s - 1] + c.target[e:] == p.target


CONTRACTIONS = {"don't": "do not", "doesn't": "does not", "didn't": "did not", "isn't": "is not", "aren't": "are not",
                "wasn't": "was not", "weren't": "were not", "can't": "cannot", "won't": "will not", "haven't": "have not",
                "hasn't": "has not", "wouldn't": "would not", "shouldn't": "should not", "couldn't": "could not",
                "i'm": "i am", "we're": "we are", "they're": "they are", "you're": "you are", "i'll": "i will",
                "we'll": "we will", "it's": "it is", "that's": "that is", "i've": "i have", "we've": "we have",
                "they've": "they have"}


def _expand(text: str) -> str:
    text = text.lower().replace("’", "'")
    for short, full in CONTRACTIONS.items():
        text = re.sub(rf"\b{re.escape(short)}(?!\w)", full, text)
    return text


def test_correct_variants(pairs, wn) -> None:  # type: ignore[no-untyped-def]
    by = {"synonym": run(V.synonym, pairs, wn), "contraction": run(V.contraction, pairs, wn),
          "adverbial-reorder": run(V.adverbial, pairs, wn), "number-format": run(V.number_format, pairs, wn)}
    for sub, results in by.items():
        assert results, sub
        for p, c in results:
            check_common(p.target, c)
            assert c.type == "correct" and c.severity == "none"
            if sub == "contraction":
                assert _expand(c.target) == _expand(p.target)
            elif sub == "number-format":
                norm = lambda t: t.replace(",", "").replace(" per cent", "%")  # noqa: E731
                assert norm(c.target) == norm(p.target)
            elif sub == "adverbial-reorder":
                assert sorted(words(c.target)) == sorted(words(p.target))
            else:
                old = [w for w in Counter(words(p.target)) - Counter(words(c.target)) if w not in ("a", "an")]
                (s, e), = c.spans
                new = c.target[s:e]
                pos_ok = False
                for pos, short in (("NOUN", "n"), ("VERB", "v"), ("ADJ", "a"), ("ADV", "r")):
                    for lemma in open_classes(old[0]).get(pos, ()):
                        for ss in wn.synsets(lemma, short):
                            pos_ok |= bool(({new} | set(open_classes(new).get(pos, ()))) & set(ss.lemmas))
                assert pos_ok, (old, new)
