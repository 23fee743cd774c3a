"""Italian: the tables the segmenter and the rule checks read. Word lists too long for code are the
text files beside this module (function_words, negation_weak, loanwords, entity_common);
number words are in numbers.py."""

from __future__ import annotations

import re

from mtqa.lang import Language
from mtqa.lang.it import dates, negation, numbers, stem

LANGUAGE = Language(
    code="it",
    name="Italian",
    stop_words=frozenset(
        """a ad al allo alla ai agli alle all anche che chi ci col come con cui da dal dallo dalla dai
        dagli dalle dall degli dei del dello della delle dell di e ed era erano è essere fa gli ha hanno
        i il in la le lei lo loro lui ma mi ne negli nei nel nello nella nelle nell noi o per
        perché più poi quale quali quando questa queste questi questo quella quelle quelli quello se
        si sia sono su sua sue suo suoi sul sullo sulla sulle sull tra fra un una uno stato stata
        stati state sarà avere c d l un' dell' all' nell' sull' dall' po ancora già cosa
        così molto tutto tutti tutte ogni""".split()
    ),
    abbreviations=frozenset(
        """sig sigg sig.ra sig.na dott dott.ssa prof prof.ssa ing avv arch on sen dr geom rag mons
        gen col magg cap ten sgt s.e sant sant' s.s p.es es cfr pag pagg p pp art artt n nn vol voll
        capp fig tab tel c.a rif ca cit ibid op on.le egr gent spett""".split()
    ),
    ambiguous_abbreviations=frozenset("ecc etc s.p.a s.r.l spa srl u.s.a usa u.s u.e a.c d.c".split()),
    sentence_starters=frozenset(
        """il lo la i gli le un uno una l' in a da per con su ma e però poi quindi inoltre intanto
        nel nella nei negli sul sulla questo questa questi queste quel quella quello secondo anche
        non si ci c'è è sono oggi ieri domani dopo prima mentre se come quando dove chi cosa""".split()
    ),
    name_starters=frozenset(
        """la le i l lo gli il un una uno come anche secondo per in a da su con tra fra dopo prima oltre
        mentre quando se ma e o perché pure già ora oggi ieri domani così dunque tutti alcuni molti
        pochi ecco grazie ogni altri entrambi insieme contro verso sia né nemmeno neanche persino solo
        soltanto mai""".split()
    ),
    months=("gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
            "settembre", "ottobre", "novembre", "dicembre"),
    month_abbreviations=("gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"),
    month_abbreviations_extra=("sett", "febb", "genn"),
    weekdays=("lunedi", "martedi", "mercoledi", "giovedi", "venerdi", "sabato", "domenica"),
    capitalised_months=False,
    date_pattern=dates.date_pattern,
    not_a_month=dates.not_a_month,
    not_a_calendar_period=dates.not_a_calendar_period,
    # "oggi" is weak: it is also "nowadays".
    relative_days={"ieri": -1, "domani": 1, "dopodomani": 2, "dopo domani": 2, "altroieri": -2, "l'altro ieri": -2,
                   "avantieri": -2, "oggi": 0, "stamattina": 0, "stamani": 0, "stasera": 0},
    relative_units={"settimana": "week", "mese": "month", "anno": "year", "weekend": "weekend",
                    "fine settimana": "weekend"},
    relative_words={"scorso": -1, "scorsa": -1, "passato": -1, "passata": -1, "prossimo": 1, "prossima": 1,
                    "questo": 0, "questa": 0, "quest": 0},
    negators=re.compile(
        r"\b(?:non|mai|nessun[oa]?|nessun'|niente|nulla|né|ne'|senza|neanche|nemmeno|neppure|mica|"
        r"no)\b",
        re.I,
    ),
    negates=negation.negates,
    morphological_negations=negation.morphological_cues,
    with_words=re.compile(r"\b(?:con|col|coi|colla|con l['’])\b", re.I),
    # Italian words end in a vowel; those that do not are loans or names.
    word_shape=re.compile(r"^[a-zàèéìòù'’]{3,}[aeiouàèéìòù]$"),
    # Italian news style borrows English nouns untranslated ("il referendum", "bike sharing").
    borrows_from=frozenset({"en"}),
    number_word=numbers.word_value,
    weak_number_words=numbers.WEAK,
    multipliers=numbers.MULTIPLIERS,
    vague_number_words=numbers.VAGUE,
    glued_multipliers=numbers.GLUED_MULTIPLIERS,
    stem=stem.stem,
    group_forms=stem.group_forms,
    inflections=stem.inflections,
    adjective_endings=frozenset({"", "o", "a", "i", "e", "hi", "he"}),
    name_head_of=re.compile(
        r"\b([A-ZÀ-Ý][\w]+)(?:\s+[a-zà-ý]+){0,3}\s+(?:di|del|della|dei|degli|delle|dello|per|dell['’]|d['’])\s*$"
    ),
    # Italian runs longer than English (0.87 on the demo article; 0.86-0.89 on the authored corpora).
    length_ratio={"en": 0.88},
)
