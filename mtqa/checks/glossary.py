"""Glossaries: CSV/TSV or TBX files of required translations and do-not-translate terms.

CSV/TSV (comma, semicolon or tab; '#' lines are comments), with a header naming at least
`source` and `target`:

    source,target,type
    tasso di disoccupazione,unemployment rate|jobless rate
    Garante della privacy,Data Protection Authority
    Rekognition,,dnt

`target` lists the accepted translations separated by '|'; `type` is `term` (the default) or `dnt`
(do not translate: the source term must appear unchanged in the target, and `target` may be
empty). TBX (v2 `termEntry`/`langSet`/`tig`, or v3 `conceptEntry`/`langSec`/`termSec`) is read
the same way: every term in the source language maps to every term in the target language, and an
entry with no target-language term, or the same term on both sides, is do-not-translate.

Terms match through inflection (Okapi CheckMate's exact-form matching is the known complaint):
each Italian word becomes its stem plus gender/number endings ("tasso" matches "tassi", "banca"
"banche"), an infinitive matches its conjugations ("ridurre" aside: irregular stems are not
handled), articulated prepositions match each other ("di" = "del", "della", "d'"), English words
take -s/-es/-ies/-ed/-ing and the possessive. Matching is case- and accent-insensitive.
"""

from __future__ import annotations

import csv
import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from pathlib import Path

from mtqa.checks._base import fold
from mtqa.errors import InputError
from mtqa.lang import get as language

@dataclass(frozen=True)
class Term:
    source: str
    targets: tuple[str, ...]
    dnt: bool
    line: int
    source_pattern: re.Pattern[str]
    target_patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Glossary:
    path: str
    terms: tuple[Term, ...]
    warnings: tuple[str, ...]
    digest: str


def word_pattern(word: str, lang: str) -> str:
    """Regex for one folded word of a term in `lang`, inflections included (`Language.inflections`)."""
    return language(lang).inflections(word)


def term_pattern(term: str, lang: str, *, exact: bool = False) -> re.Pattern[str]:
    parts = [p for p in re.split(r"[\s'’]+", fold(term)) if p]
    if exact:
        body = r"[\s'’]+".join(re.escape(p) for p in parts)
    else:
        body = r"[\s'’]*".join(f"(?:{word_pattern(p, lang)})" for p in parts)
    return re.compile(r"(?<![\w])(?:" + body + r")(?![\w])")


def load_glossary(path: str, source_lang: str, target_lang: str) -> Glossary:
    p = Path(path)
    if not p.is_file():
        raise InputError("glossary file not found; give an existing CSV, TSV or TBX file", path=path)
    try:
        raw = p.read_bytes()
        text = raw.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read glossary as UTF-8 ({exc}); save it as UTF-8", path=path) from None
    suffix = p.suffix.lower()
    if suffix in (".tbx", ".xml"):
        entries = _read_tbx(text, path, source_lang, target_lang)
    elif suffix in (".csv", ".tsv", ".txt"):
        entries = _read_csv(text, path, tab=(suffix == ".tsv"))
    else:
        raise InputError(f"unknown glossary format {suffix or '(none)'!r}; valid: .csv, .tsv, .tbx", path=path)
    terms, warnings = _compile(entries, source_lang, target_lang, path)
    return Glossary(path, tuple(terms), tuple(warnings), hashlib.sha256(raw).hexdigest()[:12])


def _read_csv(text: str, path: str, *, tab: bool) -> list[tuple[int, str, list[str], bool]]:
    lines = [(n, ln) for n, ln in enumerate(text.splitlines(), 1) if ln.strip() and not ln.lstrip().startswith("#")]
    if not lines:
        raise InputError("glossary is empty; add a header 'source,target' and one term per line", path=path)
    header_line, header = lines[0]
    delimiter = "\t" if tab or "\t" in header else (";" if header.count(";") > header.count(",") else ",")
    rows = list(csv.reader([ln for _, ln in lines], delimiter=delimiter))
    cols = [c.strip().lower() for c in rows[0]]
    if "source" not in cols or "target" not in cols:
        raise InputError(
            f"glossary header {header!r} lacks a 'source' and a 'target' column; valid columns: "
            "source, target, type, note", path=path, line=header_line)
    si, ti = cols.index("source"), cols.index("target")
    yi = cols.index("type") if "type" in cols else None
    out = []
    for (n, _), row in zip(lines[1:], rows[1:]):
        if len(row) > len(cols) or len(row) <= max(si, ti) and not (len(row) == ti and ti > si):
            raise InputError(
                f"glossary row has {len(row)} field(s), the header has {len(cols)}; quote fields that "
                f"contain {delimiter!r}", path=path, line=n)
        source = row[si].strip()
        target = row[ti].strip() if ti < len(row) else ""
        kind = (row[yi].strip().lower() if yi is not None and yi < len(row) else "") or "term"
        if kind not in ("term", "dnt"):
            raise InputError(f"unknown glossary type {kind!r}; valid: term, dnt", path=path, line=n)
        if not source:
            raise InputError("glossary row has an empty source term; fill it in or delete the row",
                             path=path, line=n)
        if kind == "term" and not target:
            raise InputError(
                f"glossary term {source!r} has no target; give the required translation(s) separated by "
                "'|', or set type to dnt for a do-not-translate term", path=path, line=n)
        targets = [t.strip() for t in target.split("|")] if target else []
        out.append((n, source, targets, kind == "dnt"))
    return out


def _read_tbx(text: str, path: str, source_lang: str, target_lang: str) -> list[tuple[int, str, list[str], bool]]:
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        line = exc.position[0] if exc.position else None
        raise InputError(f"glossary is not well-formed TBX/XML: {exc}; fix the XML", path=path, line=line) from None
    xml_lang = "{http://www.w3.org/XML/1998/namespace}lang"
    out = []
    entries = [e for e in root.iter() if _local(e.tag) in ("termEntry", "conceptEntry")]
    if not entries:
        raise InputError("glossary TBX has no termEntry/conceptEntry elements", path=path)
    for k, entry in enumerate(entries, 1):
        by_lang: dict[str, list[str]] = {}
        for ls in entry:
            if _local(ls.tag) not in ("langSet", "langSec"):
                continue
            lang = (ls.get(xml_lang) or ls.get("lang") or "").lower().split("-")[0]
            terms = [t.text.strip() for t in ls.iter() if _local(t.tag) == "term" and t.text and t.text.strip()]
            by_lang.setdefault(lang, []).extend(terms)
        for source in by_lang.get(source_lang, []):
            targets = by_lang.get(target_lang, [])
            dnt = not targets or [fold(t) for t in targets] == [fold(source)]
            out.append((k, source, [] if dnt else targets, dnt))
    return out


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _compile(entries: list[tuple[int, str, list[str], bool]], source_lang: str, target_lang: str,
             path: str) -> tuple[list[Term], list[str]]:
    warnings: list[str] = []
    seen: dict[str, int] = {}
    terms: list[Term] = []
    for line, source, targets, dnt in entries:
        where = f"{path}:{line}"
        if not re.search(r"\w", source):
            warnings.append(f"{where}: glossary term {source!r} has no letters or digits and can never match")
            continue
        key = fold(source)
        if key in seen:
            warnings.append(f"{where}: glossary term {source!r} repeats line {seen[key]}; both are checked")
        seen.setdefault(key, line)
        good_targets = [t for t in targets if re.search(r"\w", t)]
        if len(good_targets) < len(targets):
            warnings.append(f"{where}: an empty or symbol-only translation of {source!r} can never match")
        if not dnt and not good_targets:
            continue
        sp = term_pattern(source, source_lang)
        if not sp.search(fold(source)):
            warnings.append(f"{where}: glossary term {source!r} can never match (not even its own text)")
            continue
        tps: tuple[re.Pattern[str], ...]
        if dnt:
            tps = (term_pattern(source, target_lang, exact=True),)
        else:
            tps = tuple(term_pattern(t, target_lang) for t in good_targets)
        terms.append(Term(source, tuple(good_targets), dnt, line, sp, tps))
    # Longest first, so "tasso di disoccupazione" claims its words before "tasso" does.
    terms.sort(key=lambda t: -len(t.source))
    return terms, warnings
