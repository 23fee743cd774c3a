"""The mechanical localisation checks, case by case, true negatives included."""

from __future__ import annotations

import pytest

from mtqa.checks.markup import CodeScorer, PlaceholderScorer, TagScorer, UrlScorer, WhitespaceScorer
from mtqa.config import Config
from mtqa.types import Markup, Pair, Severity, Tag

CONFIG = Config(source_lang="en", target_lang="it")


def _codes(scorer_cls: type, source: str, target: str, **meta: object) -> list[str]:
    scorer = scorer_cls(CONFIG)
    return [s.code for s in scorer.score([Pair(source, target, meta=meta)])[0].signals]


G1, G1C = Tag("g", "1", "open"), Tag("g", "1", "close")
G2, G2C = Tag("g", "2", "open"), Tag("g", "2", "close")
X3 = Tag("x", "3", "empty")
I, IC = Tag("i", "", "open"), Tag("i", "", "close")


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ((G1, G1C), (G1, G1C), []),
        ((G1, G1C, X3), (G1, G1C, X3), []),
        ((), (), []),
        ((I, IC), (I, IC), []),
        ((G1, G1C), (), ["TAG001"]),
        ((G1, G1C, X3), (G1, G1C), ["TAG001"]),
        ((I, IC), (), ["TAG001"]),
        ((), (X3,), ["TAG002"]),
        ((G1, G1C), (G1, G1C, G2, G2C), ["TAG002"]),
        ((G1, G1C), (G2, G2C), ["TAG001", "TAG002"]),
        ((G1, G1C, G2, G2C), (G2, G2C, G1, G1C), ["TAG003"]),  # word order: minor, may be right
        ((G1, G1C, X3), (X3, G1, G1C), ["TAG003"]),
        ((G1, G1C), (G1C, G1), ["TAG004"]),
        ((G1, G2, G2C, G1C), (G1, G2, G1C, G2C), ["TAG004"]),
    ],
)
def test_tags(source: tuple[Tag, ...], target: tuple[Tag, ...], expected: list[str]) -> None:
    pair = Pair("Some text here", "Del testo qui", markup=Markup(source, target))
    assert [s.code for s in TagScorer(CONFIG).score([pair])[0].signals] == expected


def test_tags_leave_plain_pairs_alone() -> None:
    assert TagScorer(CONFIG).score([Pair("<b>Hi</b>", "Ciao")])[0].signals == ()


def test_severities() -> None:
    code = CodeScorer(CONFIG).score([Pair("Model X200", "Modello")])[0].signals[0]
    placeholder = PlaceholderScorer(CONFIG).score([Pair("{n} files", "file")])[0].signals[0]
    url = UrlScorer(CONFIG).score([Pair("https://a.org/x", "https://a.org/y")])[0].signals
    assert (code.severity_hint, placeholder.severity_hint) == (Severity.MINOR, Severity.MAJOR)
    assert [s.severity_hint for s in url] == [Severity.MAJOR, Severity.MINOR]


def test_dropped_tag_is_major_and_reorder_minor() -> None:
    lost = TagScorer(CONFIG).score([Pair("a b", "a b", markup=Markup((G1, G1C), ()))])[0].signals[0]
    moved = TagScorer(CONFIG).score([Pair("a b", "a b", markup=Markup((G1, G1C, X3), (X3, G1, G1C)))])[0].signals[0]
    assert (lost.severity_hint, moved.severity_hint) == (Severity.MAJOR, Severity.MINOR)


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("Hello {name}!", "Ciao {name}!", []),
        ("{0} of {1}", "{1} di {0}", []),  # order is free
        ("%s has %d files", "%s ha %d file", []),
        ("%1$s and %2$s", "%2$s e %1$s", []),
        ("Hi {{ user }}", "Ciao {{user}}", []),
        ("Total: $amount", "Totale: $amount", []),
        ("Path ${HOME}/x", "Percorso ${HOME}/x", []),
        ("%(count)d items", "%(count)d elementi", []),
        ("{count, plural, one {# file} other {# files}}", "{count, plural, one {# file} other {# file}}", []),
        ("50% off today", "50% di sconto oggi", []),  # '% d' is Italian, not a placeholder
        ("It costs $5", "Costa 5 $", []),
        ("It costs $US 10 million", "Costa 10 milioni di dollari", []),  # a currency, not a variable
        ("Hello {name}!", "Ciao!", ["PLH001"]),
        ("%s has %d files", "%s ha file", ["PLH001"]),
        ("%1$s and %2$s", "%1$s e %1$s", ["PLH001", "PLH002"]),
        ("Hi {{user}}", "Ciao {user}", ["PLH001", "PLH002"]),
        ("Total: $amount", "Totale: importo", ["PLH001"]),
        ("Hello {name}", "Ciao {nome}", ["PLH001", "PLH002"]),  # a translated variable name breaks
        ("Saved.", "Salvato {0}.", ["PLH002"]),
        ("%(count)d items", "%(conteggio)d elementi", ["PLH001", "PLH002"]),
    ],
)
def test_placeholders(source: str, target: str, expected: list[str]) -> None:
    assert _codes(PlaceholderScorer, source, target) == expected


def test_a_po_singular_form_may_spell_out_the_count() -> None:
    assert _codes(PlaceholderScorer, "%d file deleted", "Un file eliminato", plural_form=0) == []
    assert _codes(PlaceholderScorer, "%d files deleted", "file eliminati", plural_form=1) == ["PLH001"]
    assert _codes(PlaceholderScorer, "%s: %d file", "Un file", plural_form=0) == ["PLH001"]  # %s is not the count


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("See https://example.com/help.", "Vedi https://example.com/help.", []),
        ("Go to www.example.com, then log in", "Vai su www.example.com, poi accedi", []),
        ("Docs: https://example.com/en/docs", "Documenti: https://example.com/it/docs", []),  # localised path
        ("Visit https://en.example.org/x", "Visita https://it.example.org/x", []),
        ("(see https://example.com/a)", "(vedi https://example.com/a)", []),
        ("Mail info@example.com today", "Scrivi a info@example.com oggi", []),
        ("Mail Info@Example.com", "Scrivi a info@example.com", []),
        ("No links here.", "Nessun link qui.", []),
        ("See https://example.com/help", "Vedi https://example.com/aiuto", ["URL001", "URL002"]),
        ("See https://example.com/help", "Vedi la guida", ["URL001"]),
        ("See http://example.com", "Vedi https://example.org", ["URL001", "URL002"]),
        ("Thanks", "Grazie, vedi www.example.com", ["URL002"]),
        ("Mail info@example.com", "Scrivi a info@esempio.it", ["EML001", "EML002"]),
        ("Mail info@example.com", "Scrivici", ["EML001"]),
    ],
)
def test_urls_and_emails(source: str, target: str, expected: list[str]) -> None:
    assert _codes(UrlScorer, source, target) == expected


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("Order part AB-1234 now.", "Ordina il pezzo AB-1234 ora.", []),
        ("The X200 is new.", "L'X200 è nuovo.", []),
        ("COVID-19 cases", "casi di Covid-19", []),  # case aside
        ("Model AB1234", "Modello AB-1234", []),
        ("On the 3rd floor", "Al 3° piano", []),  # ordinals and units are the number check's
        ("It weighs 10kg", "Pesa 10 kg", []),
        ("In 2024 we grew", "Nel 2024 siamo cresciuti", []),
        ("CO2 and F1", "anidride carbonica e Formula 1", []),  # short ones may be spelled out
        ("Question (H-0396/00)", "Interrogazione (H - 0396 / 00)", []),
        ("the x02BC remains", "i resti", []),
        ("in 2001Following that", "nel 2001 dopo", []),
        ("Order part AB-1234 now.", "Ordina il pezzo AB-1243 ora.", ["COD001"]),
        ("Order part AB-1234 now.", "Ordina il pezzo AC-1234 ora.", ["COD001"]),
        ("The X200 is new.", "Il modello è nuovo.", ["COD001"]),
        ("Use ISO9001 and RFC2616", "Usa ISO9001", ["COD001"]),
    ],
)
def test_codes(source: str, target: str, expected: list[str]) -> None:
    assert _codes(CodeScorer, source, target) == expected


@pytest.mark.parametrize(
    ("source", "target", "expected"),
    [
        ("Hello", "Ciao", []),
        (" Hello ", " Ciao ", []),
        ("Name:\n", "Nome:\n", []),
        (" Hello", "Ciao", ["WSP001"]),
        ("Hello", "Ciao ", ["WSP002"]),
        ("Line\n", "Riga", ["WSP002"]),
        ("\tA ", "A\t", ["WSP001", "WSP002"]),
    ],
)
def test_whitespace(source: str, target: str, expected: list[str]) -> None:
    assert _codes(WhitespaceScorer, source, target) == expected


@pytest.mark.parametrize("scorer_cls", [TagScorer, PlaceholderScorer, UrlScorer, CodeScorer, WhitespaceScorer])
def test_one_result_per_pair_empty_sides_included(scorer_cls: type) -> None:
    pairs = [Pair("{a} https://x.org AB-12", ""), Pair("", "{a}"), Pair("ok", "ok", markup=Markup((X3,), (X3,)))]
    results = scorer_cls(CONFIG).score(pairs)
    assert len(results) == 3 and all(r.signals == () for r in results)
