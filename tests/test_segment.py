"""Sentence splitting: a case table across Italian and English (issue: >= 40 cases)."""

from __future__ import annotations

import pytest

from mtqa.segment import sentence_spans, split_sentences

CASES: list[tuple[str, str, list[str]]] = [
    # --- Italian ---
    ("it", "Il governo ha deciso. La legge entra in vigore domani.",
     ["Il governo ha deciso.", "La legge entra in vigore domani."]),
    ("it", "Il Sig. Rossi è arrivato ieri.", ["Il Sig. Rossi è arrivato ieri."]),
    ("it", "Ha parlato il Dott. Bianchi. Poi la seduta è finita.",
     ["Ha parlato il Dott. Bianchi.", "Poi la seduta è finita."]),
    ("it", "Lo ha confermato il Prof. Verdi dell'università.", ["Lo ha confermato il Prof. Verdi dell'università."]),
    ("it", "Mele, pere, ecc. sono in offerta.", ["Mele, pere, ecc. sono in offerta."]),
    ("it", "Servono mele, pere ecc. Il mercato apre alle 8.",
     ["Servono mele, pere ecc.", "Il mercato apre alle 8."]),
    ("it", "Alcuni frutti, p. es. Mele e pere, costano meno.", ["Alcuni frutti, p. es. Mele e pere, costano meno."]),
    ("it", "L'inflazione è salita al 18,7 per cento. È un record.",
     ["L'inflazione è salita al 18,7 per cento.", "È un record."]),
    ("it", "Sono stati venduti 1.200 biglietti. Il teatro era pieno.",
     ["Sono stati venduti 1.200 biglietti.", "Il teatro era pieno."]),
    ("it", "Il valore è 18.7 secondo l'Istat.", ["Il valore è 18.7 secondo l'Istat."]),
    ("it", "Aspettava... e poi è partito.", ["Aspettava... e poi è partito."]),
    ("it", "Aspettava... Poi è partito.", ["Aspettava...", "Poi è partito."]),
    ("it", "Aspettava… Poi è partito.", ["Aspettava…", "Poi è partito."]),
    ("it", "«Non ci sto.» Così ha detto il sindaco.", ["«Non ci sto.»", "Così ha detto il sindaco."]),
    ("it", "\"Andiamo avanti.\" Lo ha detto il ministro.", ["\"Andiamo avanti.\"", "Lo ha detto il ministro."]),
    ("it", "\"Andiamo avanti\", ha detto. Poi è uscito.", ["\"Andiamo avanti\", ha detto.", "Poi è uscito."]),
    ("it", "Lo ha scritto G. Rossi nel suo libro.", ["Lo ha scritto G. Rossi nel suo libro."]),
    ("it", "Firmato da A. B. Conti e da altri.", ["Firmato da A. B. Conti e da altri."]),
    ("it", "Davvero? Sì, davvero!", ["Davvero?", "Sì, davvero!"]),
    ("it", "Che cosa?! Non ci credo.", ["Che cosa?!", "Non ci credo."]),
    ("it", "Titolo senza punto\nIl testo comincia qui.", ["Titolo senza punto", "Il testo comincia qui."]),
    ("it", "Riconoscimento facciale, il passo di Amazon\ndi Chiara Rossi",
     ["Riconoscimento facciale, il passo di Amazon", "di Chiara Rossi"]),
    ("it", "1. Primo punto dell'elenco", ["1. Primo punto dell'elenco"]),
    ("it", "Il 2020 è finito. Il 2021 è iniziato.", ["Il 2020 è finito.", "Il 2021 è iniziato."]),
    ("it", "La Fiat S.p.A. ha chiuso il bilancio.", ["La Fiat S.p.A. ha chiuso il bilancio."]),
    ("it", "Vedi l'art. 5 della legge.", ["Vedi l'art. 5 della legge."]),
    ("it", "Paragrafo uno.\n\nParagrafo due.", ["Paragrafo uno.", "Paragrafo due."]),
    ("it", "Visita www.esempio.it per i dettagli.", ["Visita www.esempio.it per i dettagli."]),
    # --- English ---
    ("en", "The government decided. The law takes effect tomorrow.",
     ["The government decided.", "The law takes effect tomorrow."]),
    ("en", "Mr. Smith arrived yesterday.", ["Mr. Smith arrived yesterday."]),
    ("en", "She met Dr. Jones. Then she left.", ["She met Dr. Jones.", "Then she left."]),
    ("en", "Prices rose in the U.S. and Europe.", ["Prices rose in the U.S. and Europe."]),
    ("en", "Prices rose in the U.S. The euro fell.", ["Prices rose in the U.S.", "The euro fell."]),
    ("en", "He met U.S. President Biden.", ["He met U.S. President Biden."]),
    ("en", "Bring fruit, e.g. Apples and pears.", ["Bring fruit, e.g. Apples and pears."]),
    ("en", "Inflation rose to 18.7 percent. It is a record.",
     ["Inflation rose to 18.7 percent.", "It is a record."]),
    ("en", "They sold 1,200 tickets. The theatre was full.", ["They sold 1,200 tickets.", "The theatre was full."]),
    ("en", "He waited... and then he left.", ["He waited... and then he left."]),
    ("en", "He waited... Then he left.", ["He waited...", "Then he left."]),
    ("en", "“We will go on.” The minister said so.", ["“We will go on.”", "The minister said so."]),
    ("en", "\"We will go on,\" the minister said.", ["\"We will go on,\" the minister said."]),
    ("en", "Written by J. K. Rowling in 1997.", ["Written by J. K. Rowling in 1997."]),
    ("en", "Nathan F. Wessler spoke. Others agreed.", ["Nathan F. Wessler spoke.", "Others agreed."]),
    ("en", "Really? Yes, really!", ["Really?", "Yes, really!"]),
    ("en", "Apple Inc. reported profits.", ["Apple Inc. reported profits."]),
    ("en", "The meeting starts at 10 a.m. and ends at noon.", ["The meeting starts at 10 a.m. and ends at noon."]),
    ("en", "Heading Without Period\nBody text starts here.", ["Heading Without Period", "Body text starts here."]),
    ("en", "(See above.) The rest follows.", ["(See above.)", "The rest follows."]),
    ("en", "It costs $3.5 million. That is a lot.", ["It costs $3.5 million.", "That is a lot."]),
    ("en", "No. 5 is the winner.", ["No. 5 is the winner."]),
    ("en", "Line one.\r\nLine two.".replace("\r\n", "\n"), ["Line one.", "Line two."]),
    ("en",
     "This is a long line of text that goes on and\nwraps onto the next line because it is hard\n"
     "wrapped at some column width by an editor and\nthen it ends here. Next one starts.",
     ["This is a long line of text that goes on and\nwraps onto the next line because it is hard\n"
      "wrapped at some column width by an editor and\nthen it ends here.", "Next one starts."]),
]


@pytest.mark.parametrize(("lang", "text", "expected"), CASES)
def test_split_sentences(lang: str, text: str, expected: list[str]) -> None:
    assert split_sentences(text, lang) == expected


def test_table_is_large_enough() -> None:
    assert len(CASES) >= 40
    assert {lang for lang, _, _ in CASES} == {"it", "en"}


def test_spans_point_into_the_text() -> None:
    text = "  Primo.  Secondo!\n\nTerzo"
    spans = sentence_spans(text, "it")
    assert [text[s:e] for s, e in spans] == ["Primo.", "Secondo!", "Terzo"]
