"""Fixed (source, target) pairs for the parity runs, written for mtqa (Italian -> English).

They cover: short and medium pairs, numbers, an empty target, an empty source, leading and inner
whitespace, and pairs longer than the tiny encoder's 128-token limit (truncation and windowing).
"""

from __future__ import annotations

_LONG_IT = (
    "Il consiglio comunale ha approvato ieri sera il nuovo piano per il traffico. "
    "Le strade del centro saranno chiuse alle auto private dalle otto alle venti. "
    "I residenti potranno entrare con un permesso gratuito rilasciato dagli uffici. "
    "Secondo il sindaco, la misura ridurrà lo smog del trenta per cento entro due anni. "
    "L'opposizione ha votato contro e chiede un referendum cittadino entro la primavera. "
    "I commercianti temono un calo delle vendite durante i primi mesi di applicazione."
)
_LONG_EN = (
    "The city council approved the new traffic plan last night. "
    "Streets in the centre will be closed to private cars from eight to eight. "
    "Residents will be able to enter with a free permit issued by the offices. "
    "According to the mayor, the measure will cut smog by thirty percent within two years. "
    "The opposition voted against and is asking for a city referendum by the spring. "
    "Shopkeepers fear a drop in sales during the first months of the rules."
)

PAIRS: list[tuple[str, str]] = [
    ("Il treno per Milano parte alle nove.", "The train to Milan leaves at nine."),
    ("La riunione è stata rinviata a lunedì.", "The meeting was cancelled on Monday."),
    ("Abbiamo venduto 6.000 biglietti in due giorni.", "We sold 600 tickets in two days."),
    ("Non è vero che il museo chiude a luglio.", "It is true that the museum closes in July."),
    ("Grazie per la vostra pazienza.", ""),
    ("", "An extra sentence that has no source."),
    ("La ricerca è stata pubblicata su una rivista scientifica.", "  The research was published in a scientific journal."),
    ("Il vento forte ha abbattuto tre alberi nel parco.", "The strong wind   knocked down three trees in the park."),
    ("Piove.", "It is raining heavily over the whole northern region today."),
    ("Domani il negozio resterà chiuso per inventario.", "Tomorrow the shop will stay closed for stocktaking."),
    (_LONG_IT, _LONG_EN),
    (_LONG_IT + " " + _LONG_IT, _LONG_EN),
]

# Extra lines (written for mtqa) used only to train the tiny sentencepiece tokenizer.
TOKENIZER_TEXT: list[str] = [
    "I prezzi dell'energia sono saliti del dodici per cento rispetto all'anno scorso.",
    "Energy prices rose by twelve percent compared with last year.",
    "La scuola riaprirà a settembre dopo i lavori di ristrutturazione.",
    "The school will reopen in September after the renovation works.",
    "Il ministro ha annunciato nuove regole per i contratti a tempo determinato.",
    "The minister announced new rules for fixed-term contracts.",
    "Gli studenti hanno protestato davanti all'università per tutta la mattina.",
    "Students protested in front of the university all morning.",
]
