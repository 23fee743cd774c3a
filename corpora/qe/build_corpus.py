"""Build corpora/qe/qe_pairs.jsonl from the hand-written pairs in corpora/qe/pairs/*.txt.

Every Italian sentence and English translation in pairs/ was written for mtqa (issue 6). The
English side carries hand-written alternatives in slots, `{tag:good|alt|alt...}`:

  tag  error type   category                 default severity
  s    sense        accuracy/mistranslation  major   wrong word sense / false friend
  c    calque       style/unidiomatic        minor   literal calque of the Italian
  p    polarity     accuracy/mistranslation  major   negation or antonym flip
  n    number       accuracy/number          major   wrong number, date or amount
  e    entity       accuracy/entity          major   wrong name, place or organisation
  o    omission     accuracy/omission        minor   the slot can be dropped (O: major)
  m    mistranslation accuracy/mistranslation major  any other wrong rendering

An alternative starting with "=" is an acceptable translation (the pair stays ok); a trailing
"!minor" / "!major" overrides the severity. An `o`/`O` slot has only its good text: dropping it is
the error. Additions come from the hand-written ADDITIONS list below, inserted before the final
punctuation (or at a `{+}` anchor). Variants per base pair: the canonical translation, each
acceptable alternative, each single error, one addition and one two-error combination (seeded).
The split is by base pair (all variants of one sentence share it), so test sentences never
appear in training in any form. Usage: python corpora/qe/build_corpus.py [--check]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
OUT = HERE / "qe_pairs.jsonl"
DEMO = HERE.parent / "rekognition"  # the bundled demo pair: a test, never a lesson

TAGS = {
    "s": ("sense", "accuracy/mistranslation", "major"),
    "c": ("calque", "style/unidiomatic", "minor"),
    "p": ("polarity", "accuracy/mistranslation", "major"),
    "n": ("number", "accuracy/number", "major"),
    "e": ("entity", "accuracy/entity", "major"),
    "o": ("omission", "accuracy/omission", "minor"),
    "O": ("omission", "accuracy/omission", "major"),
    "m": ("mistranslation", "accuracy/mistranslation", "major"),
}

# Unsupported content an MT system may add, with the severity of adding it.
ADDITIONS = [
    (", according to local media", "major"),
    (" last year", "major"),
    (" for the first time", "major"),
    (" again", "minor"),
    (" once again", "minor"),
    (" in Europe", "major"),
    (" on Monday", "major"),
    (", officials said", "major"),
    (" as expected", "minor"),
    (" immediately", "minor"),
    (" in recent years", "minor"),
    (" by a wide margin", "major"),
    (" without any explanation", "major"),
    (", sources say", "major"),
    (" in the north of the country", "major"),
    (" as well", "minor"),
]

SLOT = re.compile(r"\{([a-zA-Z+])(?::([^{}]*))?\}")
L, R = "\ue000", "\ue001"  # span markers while assembling


@dataclass(frozen=True)
class Base:
    domain: str
    number: int
    source: str
    target: str  # with slots


@dataclass(frozen=True)
class Choice:
    slot: int
    option: int  # index into the slot's options; -1 = drop (omission)


def parse_files(root: Path) -> list[Base]:
    bases: list[Base] = []
    for path in sorted((root / "pairs").glob("*.txt")):
        domain = path.stem
        it: str | None = None
        n = 0
        for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("it:"):
                it = line[3:].strip()
            elif line.startswith("en:"):
                if it is None:
                    sys.exit(f"{path}:{lineno}: 'en:' without a preceding 'it:'")
                n += 1
                bases.append(Base(domain, n, it, line[3:].strip()))
                it = None
            else:
                sys.exit(f"{path}:{lineno}: expected 'it:' or 'en:', got {line[:30]!r}")
    return bases


def slots(target: str) -> list[tuple[str, list[str]]]:
    out = []
    for m in SLOT.finditer(target):
        tag = m.group(1)
        if tag == "+":
            continue
        if tag not in TAGS:
            raise ValueError(f"unknown slot tag {tag!r} in {target!r}")
        out.append((tag, (m.group(2) or "").split("|")))
    return out


def option_text(opt: str) -> tuple[str, str | None, bool]:
    """(text, severity override, acceptable)."""
    ok = opt.startswith("=")
    text = opt[1:] if ok else opt
    sev = None
    for s in ("minor", "major"):
        if text.endswith("!" + s):
            text, sev = text[: -len(s) - 1], s
    return text, sev, ok


def render(base: Base, choices: dict[int, int], addition: tuple[str, str] | None) -> tuple[str, list[dict[str, object]]]:
    """Assemble a target; errors carry [start, end) spans into it."""
    errors: list[dict[str, object]] = []
    marked: list[tuple[int, dict[str, object]]] = []
    idx = -1
    parts: list[str] = []
    pos = 0
    add_done = False
    for m in SLOT.finditer(base.target):
        parts.append(base.target[pos : m.start()])
        pos = m.end()
        tag = m.group(1)
        if tag == "+":
            if addition and not add_done:
                parts.append(_wrap_addition(addition[0]))
                marked.append((len(marked), {"type": "addition", "category": "accuracy/addition", "severity": addition[1], "note": f"adds '{addition[0].strip(', ')}', not in the source"}))
                add_done = True
            continue
        idx += 1
        opts = (m.group(2) or "").split("|")
        good = option_text(opts[0])[0]
        k = choices.get(idx, 0)
        etype, cat, sev = TAGS[tag]
        if k == -1:
            parts.append(L + R)
            marked.append((len(marked), {"type": etype, "category": cat, "severity": sev, "note": f"omits '{good}'"}))
        elif k == 0:
            parts.append(good)
        else:
            text, sev_over, ok = option_text(opts[k])
            if ok:
                parts.append(text)
            else:
                parts.append(L + text + R)
                note = {
                    "sense": f"wrong sense '{text}'; should be '{good}'",
                    "calque": f"literal calque '{text}' for '{good}'",
                    "polarity": f"polarity flipped: '{text}' for '{good}'",
                    "number": f"wrong number '{text}'; source says '{good}'",
                    "entity": f"wrong name '{text}'; should be '{good}'",
                    "mistranslation": f"'{text}' mistranslates; should be '{good}'",
                }[etype]
                marked.append((len(marked), {"type": etype, "category": cat, "severity": sev_over or sev, "note": note}))
    parts.append(base.target[pos:])
    text = "".join(parts)
    if addition and not add_done:
        mm = re.search(r"([.!?…]+[\"”’»)]*)?$", text)
        cut = mm.start() if mm else len(text)
        text = text[:cut] + _wrap_addition(addition[0]) + text[cut:]
        marked.append((len(marked), {"type": "addition", "category": "accuracy/addition", "severity": addition[1], "note": f"adds '{addition[0].strip(', ')}', not in the source"}))
    # tidy spaces left by dropped slots, then read the spans off the markers
    text = re.sub(" +", " ", text)
    text = re.sub(f" +(?=[{L}{R}]*[.,;:!?])", "", text)
    text = re.sub(f" ({L}{R}) ", r" \1", text)
    text = re.sub(f" ({L}{R})([.,;:!?])", r"\1\2", text)
    text = re.sub(f"^({L}{R}) ", r"\1", text)
    text = re.sub(f",({L}{R}),", r"\1,", text)
    text = text.strip()
    out = []
    spans = []
    for ch in text:
        if ch == L:
            spans.append([len(out), None])
        elif ch == R:
            spans[-1][1] = len(out)
        else:
            out.append(ch)
    final = "".join(out)
    if final and final[0].islower():
        final = final[0].upper() + final[1:]
    for (_, err), (s, e) in zip(marked, spans):
        err = dict(err)
        err["span"] = [s, e]
        errors.append(err)
    return final, errors


def _wrap_addition(add: str) -> str:
    """The span covers the added words, not the comma or space that introduces them."""
    lead = re.match(r"[ ,]*", add).group(0)  # type: ignore[union-attr]
    return lead + L + add[len(lead):] + R


def label(errors: list[dict[str, object]]) -> str:
    if not errors:
        return "ok"
    return "major" if any(e["severity"] == "major" for e in errors) else "minor"


def split_of(base: Base) -> str:
    h = int(hashlib.sha256(f"{base.domain}/{base.source}".encode()).hexdigest()[:8], 16) % 100
    return "test" if h < 15 else "valid" if h < 25 else "train"


def variants(base: Base, rng: random.Random) -> list[tuple[str, dict[int, int], tuple[str, str] | None]]:
    sl = slots(base.target)
    out: list[tuple[str, dict[int, int], tuple[str, str] | None]] = [("g", {}, None)]
    bad: list[tuple[int, int]] = []
    for i, (tag, opts) in enumerate(sl):
        if tag in ("o", "O"):
            bad.append((i, -1))
        for k, opt in enumerate(opts[1:], 1):
            if option_text(opt)[2]:
                out.append((f"a{i}.{k}", {i: k}, None))
            else:
                bad.append((i, k))
    # an acceptable alternative combined with nothing else wrong keeps the pair ok; errors are
    # sometimes rendered on top of an acceptable alternative so "different" never means "wrong"
    alts = [(i, k) for i, (_, opts) in enumerate(sl) for k, o in enumerate(opts[1:], 1) if option_text(o)[2]]
    for i, k in bad:
        ch = {i: k}
        if alts and rng.random() < 0.3:
            ai, ak = rng.choice(alts)
            if ai != i:
                ch[ai] = ak
        out.append((f"e{i}.{k}", ch, None))
    add = ADDITIONS[rng.randrange(len(ADDITIONS))]
    out.append(("add", {}, add))
    if len(bad) >= 2:
        (i1, k1), (i2, k2) = rng.sample(bad, 2)
        if i1 != i2:
            out.append((f"x{i1}.{k1}-{i2}.{k2}", {i1: k1, i2: k2}, None))
    return out


def build(root: Path = HERE) -> list[dict[str, object]]:
    bases = parse_files(root)
    demo = set()
    if not (DEMO / "source.it.txt").is_file():
        sys.exit(f"demo article not found in {DEMO}: the six-word overlap check cannot run")
    for name in ("source.it.txt", "target.en.txt"):
        words = (DEMO / name).read_text(encoding="utf-8").split()
        demo |= {" ".join(words[i : i + 6]) for i in range(len(words) - 5)}
    rows = []
    seen_src: set[str] = set()
    for base in bases:
        if base.source in seen_src:
            sys.exit(f"duplicate source sentence: {base.source}")
        seen_src.add(base.source)
        for text in (base.source, SLOT.sub(lambda m: (m.group(2) or "").split("|")[0].lstrip("="), base.target)):
            w = text.split()
            if any(" ".join(w[i : i + 6]) in demo for i in range(len(w) - 5)):
                sys.exit(f"shares a 6-word run with the demo article: {text}")
        rng = random.Random(f"{base.domain}/{base.number}")
        sp = split_of(base)
        for tag, opts in slots(base.target):
            texts = [option_text(o)[0] for o in opts]
            if len(set(texts)) != len(texts) or any(not t for t in texts[1:]):
                sys.exit(f"{base.domain}-{base.number:03d}: repeated or empty option in {{{tag}:{'|'.join(opts)}}}")
        seen_tgt: set[str] = set()
        for vid, choices, addition in variants(base, rng):
            target, errors = render(base, choices, addition)
            if target in seen_tgt:
                continue
            seen_tgt.add(target)
            rows.append(
                {
                    "id": f"{base.domain}-{base.number:03d}-{vid}",
                    "group": f"{base.domain}-{base.number:03d}",
                    "source": base.source,
                    "target": target,
                    "label": label(errors),
                    "errors": errors,
                    "domain": base.domain,
                    "split": sp,
                }
            )
    return rows


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--check", action="store_true", help="fail if qe_pairs.jsonl is not up to date")
    args = ap.parse_args()
    rows = build()
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if args.check:
        if not OUT.is_file() or OUT.read_text(encoding="utf-8") != text:
            sys.exit("corpora/qe/qe_pairs.jsonl is stale; run python corpora/qe/build_corpus.py")
        return
    OUT.write_text(text, encoding="utf-8")
    from collections import Counter

    print(len(rows), "pairs from", len({r["group"] for r in rows}), "base pairs")
    print("label:", dict(Counter(r["label"] for r in rows)))
    print("split:", dict(Counter(r["split"] for r in rows)))
    print("domain:", dict(Counter(r["domain"] for r in rows)))
    print("error type:", dict(Counter(e["type"] for r in rows for e in r["errors"])))


if __name__ == "__main__":
    main()
