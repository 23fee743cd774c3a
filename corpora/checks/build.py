"""Build corpora/checks/pairs.tsv from the hand-written files in this folder.

    PYTHONPATH=. python corpora/checks/build.py

Inputs (all written by hand for mtqa): base_dev.txt, base_test.txt, base_holdout*.txt hold correct Italian ->
English translations; manual_errors.txt holds hand-written erroneous translations with their label.
For every base pair this script also writes one variant with exactly one injected error, chosen
deterministically (the applicable error type used least so far, so types stay balanced) and made
by a small, visible edit of the English target: a changed number or date, a swapped name, a
dropped or added negation, an Italian word left in place, a punctuation slip. Output columns:
id, split, doc, domain, source, target, error_type (empty when correct), severity, note.
Re-running gives the same file byte for byte.
"""

from __future__ import annotations

import csv
import re
import sys
import zlib
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent.parent))

from mtqa.checks.dates import date_mentions  # noqa: E402
from mtqa.checks.numparse import mentions  # noqa: E402

TYPES = ("number", "date", "entity", "negation", "untranslated", "punctuation")
SEVERITY = {"punctuation": "minor", "consistency": "minor"}


def read_blocks(path: Path) -> list[tuple[list[str], str, str]]:
    """'@ header words' + source line + target line blocks."""
    blocks = []
    lines = [ln.rstrip("\n") for ln in path.read_text(encoding="utf-8").splitlines()]
    i = 0
    while i < len(lines):
        if lines[i].startswith("@ "):
            blocks.append((lines[i][2:].split(maxsplit=4), lines[i + 1], lines[i + 2]))
            i += 3
        else:
            i += 1
    return blocks


def _h(text: str) -> int:
    return zlib.crc32(text.encode("utf-8"))


# --- injections: each returns (new_target, note) or None when not applicable ---------------------


def inject_number(pid: str, src: str, tgt: str) -> tuple[str, str] | None:
    dates = [(m.start, m.end) for m in date_mentions(tgt, "en") if m.kind == "date"]
    cands = [m for m in mentions(tgt, "en") if not m.weak and not m.in_date
             and not any(s <= m.start < e for s, e in dates)]
    if not cands:
        return None
    m = cands[_h(pid) % len(cands)]
    text = m.text
    digits = re.search(r"\d[\d,.]*", text)
    if digits:
        d = digits.group(0).rstrip(".,")
        variant = _h(pid + "v") % 3
        if variant == 1 and len(re.sub(r"\D", "", d.split(".")[0])) >= 2:
            new = d[:-1] if d[-1].isdigit() else d
            new = new.rstrip(",.")  # 6,000 -> 600
        elif variant == 2 and len(set(re.sub(r"\D", "", d))) >= 2:
            ds = [c for c in d]
            idx = [k for k in range(len(ds) - 1) if ds[k].isdigit() and ds[k + 1].isdigit() and ds[k] != ds[k + 1]]
            if idx:
                k = idx[0]
                ds[k], ds[k + 1] = ds[k + 1], ds[k]
                new = "".join(ds)
            else:
                new = _bump(d)
        else:
            new = _bump(d)
        if new == d or not new:
            new = _bump(d)
        new_text = text.replace(d, new, 1)
    else:
        words = {"two": "three", "three": "four", "four": "five", "five": "six", "six": "seven",
                 "seven": "eight", "eight": "nine", "nine": "ten", "ten": "twelve", "forty": "fourteen",
                 "twenty": "thirty", "thousand": "hundred", "million": "billion", "billion": "million",
                 "quarter": "fifth", "third": "quarter", "fifteenth": "fifth", "eighteen": "eighty"}
        for w, r in words.items():
            if re.search(rf"\b{w}\b", text, re.I):
                new_text = re.sub(rf"\b{w}\b", r, text, count=1, flags=re.I)
                break
        else:
            return None
    return tgt[:m.start] + new_text + tgt[m.end:], f"number {text!r} changed to {new_text!r}"


def _bump(d: str) -> str:
    for k, c in enumerate(d):
        if c.isdigit():
            return d[:k] + str((int(c) % 9) + 1 if c != "9" else 8) + d[k + 1:]
    return d


_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December"]
_DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_REL = {"Yesterday": "Tomorrow", "yesterday": "tomorrow", "Tomorrow": "Yesterday", "tomorrow": "yesterday",
        "last year": "next year", "next week": "last week", "last week": "next week"}


def inject_date(pid: str, src: str, tgt: str) -> tuple[str, str] | None:
    ms = [m for m in date_mentions(tgt, "en") if not m.weak]
    if not ms:
        return None
    m = ms[_h(pid) % len(ms)]
    text = m.text
    if m.kind == "weekday":
        day = next(d for d in _DAYS if d.lower() == m.key)
        new = text.replace(day, _DAYS[(_DAYS.index(day) + 2) % 7])
    elif m.kind == "relative":
        key = next((k for k in _REL if k in text), None)
        if key is None:
            return None
        new = text.replace(key, _REL[key])
    else:
        day_m = re.search(r"\b(\d{1,2})\b(?!\d)", text)
        month = next((mo for mo in _MONTHS if mo in text), None)
        if day_m and (_h(pid + "d") % 2 == 0 or month is None):
            d = int(day_m.group(1))
            new = text[:day_m.start()] + str(d + 1 if d < 28 else d - 1) + text[day_m.end():]
        elif month:
            new = text.replace(month, _MONTHS[(_MONTHS.index(month) + 1) % 12])
        else:
            return None
    return tgt[:m.start] + new + tgt[m.end:], f"date {text!r} changed to {new!r}"


_PLACES = ["Verona", "Lisbon", "Dublin", "Trieste", "Bristol", "Lyon"]
_PEOPLE = ["Moretti", "Colombo", "Siemens", "Barilla", "Lombardi", "Kowalski"]
_ACRO = ["OECD", "FAO", "UEFA", "NASA"]


def inject_entity(pid: str, src: str, tgt: str) -> tuple[str, str] | None:
    from mtqa.checks.entities import name_words

    src_low = src.lower()
    names = [w for w in name_words(tgt, "en") if w.text.lower() not in ("i",)]
    if not names:
        return None
    w = names[_h(pid) % len(names)]
    pool = _ACRO if w.text.isupper() else (_PLACES if _h(w.text) % 2 else _PEOPLE)
    new = next(p for p in pool[_h(pid) % len(pool):] + pool if p.lower() not in src_low and p != w.text)
    return tgt[:w.start] + new + tgt[w.end:], f"name {w.text!r} replaced with {new!r}"


_NEG_REMOVE = [
    (r"\bdid not (\w+)", r"did \1"), (r"\bdo not\b", "do"), (r"\bhas not\b", "has"),
    (r"\bhave not\b", "have"), (r"\bis not\b", "is"), (r"\bare not\b", "are"), (r"\bwill not\b", "will"),
    (r"\bhad not\b", "had"), (r"\bnever\b ", ""), (r"\bNo (\w)", r"Some \1"), (r"\bno\b", "some"),
    (r"\bNone of\b", "All of"), (r"\bWithout\b", "With"), (r"\bwithout\b", "with"), (r"\bnot\b ", ""),
]
_NEG_ADD = [(r"\b(is|are|was|were|will|has|have|had|can|could|would|should)\b", r"\1 not")]


def inject_negation(pid: str, src: str, tgt: str) -> tuple[str, str] | None:
    for pat, rep in _NEG_REMOVE:
        if re.search(pat, tgt):
            new = re.sub(pat, rep, tgt, count=1)
            return new, f"negation removed ({pat})"
    from mtqa.checks.negation import cues

    if cues(src, "it"):
        return None  # a negated source whose target carries it some other way ("unclear")
    for pat, rep in _NEG_ADD:
        if re.search(pat, tgt):
            return re.sub(pat, rep, tgt, count=1), "negation added"
    return None


_IT_SHAPE = re.compile(r"^[a-zàèéìòù]{5,}[aeiouàèéìòù]$")


def inject_untranslated(pid: str, src: str, tgt: str) -> tuple[str, str] | None:
    src_words = re.findall(r"[^\W\d_]+", src)
    tgt_low = tgt.lower()
    cands = [i for i, w in enumerate(src_words) if _IT_SHAPE.match(w) and w not in tgt_low]
    tgt_words = [m for m in re.finditer(r"\b[a-z]{5,}\b", tgt)
                 if m.group(0) not in ("which", "their", "there", "about", "after", "before", "since")]
    if not cands or not tgt_words:
        return None
    i = cands[_h(pid) % len(cands)]
    phrase = src_words[i]
    if _h(pid + "two") % 3 == 0 and i + 2 < len(src_words) and src_words[i + 1].islower() and src_words[i + 2].islower():
        phrase = " ".join(src_words[i:i + 3])
    t = tgt_words[_h(pid + "t") % len(tgt_words)]
    return tgt[:t.start()] + phrase + tgt[t.end():], f"{t.group(0)!r} left as Italian {phrase!r}"


def inject_punctuation(pid: str, src: str, tgt: str) -> tuple[str, str] | None:
    v = _h(pid) % 3
    if v == 1:
        parts = tgt.split(" ")
        if len(parts) > 4:
            return " ".join(parts[:3]) + "  " + " ".join(parts[3:]), "doubled space"
    if v == 2 and ", " in tgt:
        return tgt.replace(", ", ",, ", 1), "doubled comma"
    if tgt.endswith("."):
        return tgt[:-1], "final full stop dropped"
    return None


INJECT = {
    "number": inject_number, "date": inject_date, "entity": inject_entity,
    "negation": inject_negation, "untranslated": inject_untranslated, "punctuation": inject_punctuation,
}


def main() -> None:
    rows: list[list[str]] = []
    for split, name in (("dev", "base_dev.txt"), ("test", "base_test.txt"), ("holdout", "base_holdout.txt"),
                        ("holdout2", "base_holdout2.txt")):
        path = HERE / name
        if not path.exists():
            continue
        used: Counter[str] = Counter()
        for header, src, tgt in read_blocks(path):
            pid, domain = header[0], header[1]
            rows.append([pid, split, pid, domain, src, tgt, "", "", ""])
            options = []
            for t in TYPES:
                made = INJECT[t](pid, src, tgt)
                if made and made[0] != tgt:
                    options.append((used[t], TYPES.index(t), t, made))
            if not options:
                continue
            _, _, etype, (new, note) = min(options)
            used[etype] += 1
            rows.append([f"{pid}-{etype[:3]}", split, f"{pid}-{etype[:3]}", domain, src, new, etype,
                         SEVERITY.get(etype, "major"), note])
    manual = HERE / "manual_errors.txt"
    if manual.exists():
        for header, src, tgt in read_blocks(manual):
            pid, split, doc, domain, rest = (header + [""] * 5)[:5]
            etype, severity, note = (rest.split(maxsplit=2) + ["", "", ""])[:3]
            etype = "" if etype == "-" else etype
            severity = "" if severity == "-" else severity
            rows.append([pid, split, doc, domain, src, tgt, etype, severity, note])
    out = HERE / "pairs.tsv"
    with out.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
        w.writerow(["id", "split", "doc", "domain", "source", "target", "error_type", "severity", "note"])
        w.writerows(rows)
    counts = Counter((r[1], r[6] or "correct") for r in rows)
    print(f"wrote {out} ({len(rows)} pairs): " + ", ".join(f"{k[0]}/{k[1]}={v}" for k, v in sorted(counts.items())))


if __name__ == "__main__":
    main()
