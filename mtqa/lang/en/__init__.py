"""English: the tables the segmenter and the rule checks read. Word lists too long for code are the
text files beside this module (function_words, negation_weak, loanwords, entity_common);
number words are in numbers.py."""

from __future__ import annotations

import re

from mtqa.lang import Language
from mtqa.lang.en import dates, negation, numbers, stem

LANGUAGE = Language(
    code="en",
    name="English",
    stop_words=frozenset(
        """a an and are as at be been being but by did do does for from had has have he her his i if in
        into is it its of on or our she so than that the their them then there these they this those to
        was we were what when which while who whom will with would you your can could should
        shall may might must also very just about up out over more most such only any all each both
        whose am s t""".split()
    ),
    abbreviations=frozenset(
        """mr mrs ms dr prof sr jr st mt ft gen col lt sgt capt cmdr adm gov sen rep rev hon pres
        fig figs no nos vol vols pp p ch sec art e.g i.e cf vs approx dept est""".split()
    ),
    ambiguous_abbreviations=frozenset(
        "etc u.s u.k u.n u.s.a inc ltd co corp bros plc a.m p.m jan feb mar apr jun jul aug sep sept oct nov dec".split()
    ),
    sentence_starters=frozenset(
        """the a an in on at it its this that these those there then but and so he she they we i you
        his her their our after before meanwhile however also yet still today yesterday tomorrow
        when while if as for from to what who where why how not no some many most""".split()
    ),
    name_starters=frozenset(
        """like as also in on at for with after before when while if but and or so now today
        yesterday tomorrow both many some all every each according unlike despite during under since
        though although meanwhile however thus then here there even only just never from by to""".split()
    ),
    months=("january", "february", "march", "april", "may", "june", "july", "august", "september",
            "october", "november", "december"),
    month_abbreviations=("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"),
    # AP style writes "Sept.".
    month_abbreviations_extra=("sept",),
    weekdays=("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
    capitalised_months=True,
    date_pattern=dates.date_pattern,
    not_a_month=dates.not_a_month,
    not_a_calendar_period=dates.not_a_calendar_period,
    relative_days={"yesterday": -1, "tomorrow": 1, "today": 0, "tonight": 0, "last night": -1,
                   "the day after tomorrow": 2, "the day before yesterday": -2},
    relative_units={"week": "week", "month": "month", "year": "year", "weekend": "weekend"},
    relative_words={"last": -1, "past": -1, "next": 1, "this": 0, "coming": 1},
    negators=re.compile(
        r"\b(?:not|never|no|none|nothing|nobody|nowhere|neither|nor|without|cannot)\b|n['’]t\b|\bno[- ]one\b|\bw/o\b",
        re.I,
    ),
    negates=negation.negates,
    morphological_negations=negation.morphological_cues,
    with_words=re.compile(r"\bwith\b", re.I),
    word_shape=re.compile(r"^[a-z'’-]{3,}$"),
    borrows_from=frozenset(),
    number_word=numbers.word_value,
    weak_number_words=numbers.WEAK,
    multipliers=numbers.MULTIPLIERS,
    vague_number_words=numbers.VAGUE,
    glued_multipliers=numbers.GLUED_MULTIPLIERS,
    stem=stem.stem,
    group_forms=stem.group_forms,
    inflections=stem.inflections,
    adjective_endings=frozenset({"", "s"}),
    name_head_of=re.compile(r"\b([A-Z][\w]+)(?:\s+[a-z]+){0,3}\s+(?:of|for|on)\s+(?:the\s+)?$"),
    length_ratio={"it": 1.14},
)
