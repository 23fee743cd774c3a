"""Mechanical localisation checks: inline tags, placeholders, URLs, e-mail addresses, product codes
and leading/trailing whitespace. What the industry QA tools (Xbench, Verifika, Okapi CheckMate) check
before a file goes back into software or a CMS.

A dropped or invented tag or placeholder breaks the software that fills it (a crash, a raw `{count}`
on screen): major. A changed URL or e-mail address sends the reader elsewhere: major. Reordered tags
can be right (word order changes between languages): minor. A code missing from the target is minor:
prose legitimately spells some out ('CO2' -> 'anidride carbonica', 'F1' -> 'Formula 1'), and on
Europarl's dev split a major code check raised over a thousand such flags. Whitespace: minor.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from mtqa.checks._base import RuleScorer, quote
from mtqa.types import Category, Pair, Severity, Signal, Span, Tag

# Placeholders, longest forms first so '{{var}}' is not also read as '{var}'. printf: %s, %d, %1$s,
# %(name)s, %.2f, %@ (no space flag: '50% di sconto' is Italian, not '% d'). ICU/.NET/Python: {0},
# {name}, {count, plural, ...} (its name only). Templates: {{ var }}, ${var}, $var (lower case
# first: '$US' in prose is a currency).
_PLACEHOLDER = re.compile(
    r"\{\{\s*[\w.\-]+\s*\}\}"
    r"|\$\{[\w.\-]+\}"
    r"|\{[A-Za-z_0-9][\w.\-]*(?=[,}])[^{}]*(?:\{[^{}]*\}[^{}]*)*\}"
    r"|%(?:\d+\$|\([A-Za-z_]\w*\))?[-+0#]*\d*(?:\.\d+)?(?:l{1,2}|h)?[sdifuxXeEgGcp@]"
    r"|%%"
    r"|(?<![\w$])\$[a-z_]\w*"
)
_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"'«»“”]+|\bwww\.[^\s<>\"'«»“”]+", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
_TRAILING = ".,;:!?)]}»”’'\""
# A code: letters and digits in one token with at least one capital and one digit (AB-1234, X200,
# SKU4711, RFC 2616's 'RFC2616'). Plain numbers and units ('10km', '3rd') are the number check's.
_CODE = re.compile(r"(?<![\w@/.-])(?=[\w-]*\d)(?=[\w-]*[A-Z])[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+)*(?![\w@/-])")
# Not codes: ordinals and units ('3rd', '10km', '5G'), numbers run into a word by bad tokenisation
# ('2001Following'), and the remains of a numeric character reference ('x02BC', 1,157 of Europarl's
# 1,169 dev-split flags before this rule).
_NOT_A_CODE = re.compile(r"^(?:\d+(?:[a-z]{1,3}|[A-Z]{1,2}[a-z]?)|\d+[A-Z][a-z]+|x[0-9A-Fa-f]{2,6})$")
# Language parts of a URL that a localised page legitimately changes: /en/ -> /it/, en. -> it.
_URL_LANG = re.compile(r"(?<=[/.=])(?:en|it)(?:[-_][A-Za-z]{2})?(?=[/.&#]|$)|^(?:en|it)\.", re.IGNORECASE)


def placeholders(text: str) -> list[tuple[str, Span]]:
    return [(_normal_placeholder(m.group(0)), m.span()) for m in _PLACEHOLDER.finditer(text)]


def _normal_placeholder(raw: str) -> str:
    if raw.startswith("{{"):
        return "{{" + raw[2:-2].strip() + "}}"
    if raw.startswith("{") and "," in raw:
        return "{" + raw[1:raw.index(",")].strip() + ", ...}"  # ICU plural/select: the variable must stay
    return raw


def urls(text: str) -> list[tuple[str, Span]]:
    out = []
    for m in _URL.finditer(text):
        raw = m.group(0).rstrip(_TRAILING)
        out.append((raw, (m.start(), m.start() + len(raw))))
    return out


def emails(text: str) -> list[tuple[str, Span]]:
    return [(m.group(0), m.span()) for m in _EMAIL.finditer(text)]


def codes(text: str) -> list[tuple[str, Span]]:
    blanked = _blank(text, [s for _, s in urls(text)] + [s for _, s in emails(text)] + [s for _, s in placeholders(text)])
    return [(m.group(0), m.span()) for m in _CODE.finditer(blanked) if not _NOT_A_CODE.match(m.group(0))]


def _blank(text: str, spans: Iterable[Span]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)


def _url_key(url: str) -> str:
    url = re.sub(r"^(?:https?|ftp)://", "", url, flags=re.IGNORECASE).rstrip("/")
    host, _, rest = url.partition("/")
    return _URL_LANG.sub("*", f"{host.lower()}/{rest}")


def _missing_and_added(
    src: list[tuple[str, Span]], tgt: list[tuple[str, Span]], key: Callable[[str], str] = str
) -> tuple[list[tuple[str, Span]], list[tuple[str, Span]]]:
    """Items of the source without a counterpart in the target, and target items without one in the
    source, matched as multisets (order is free) under `key`."""

    def unmatched(items: list[tuple[str, Span]], others: list[tuple[str, Span]]) -> list[tuple[str, Span]]:
        left = Counter(key(t) for t, _ in others)
        out = []
        for item in items:
            k = key(item[0])
            if left[k] > 0:
                left[k] -= 1
            else:
                out.append(item)
        return out

    return unmatched(src, tgt), unmatched(tgt, src)


class _Check(RuleScorer):
    category = Category.MARKUP

    def _signal(self, code: str, message: str, severity: Severity, *, target_span: Span | None = None,
                source_span: Span | None = None) -> Signal:
        return Signal(code=code, category=self.category, message=message, scorer=self.name,
                      target_span=target_span, source_span=source_span, severity_hint=severity)


class TagScorer(_Check):
    """Inline tags of localisation-file units (Pair.markup): missing, added, reordered, broken."""

    name = "tags"

    def check_all(self, pairs: Sequence[Pair]) -> list[list[Signal]]:
        # A unit with no target at all is EMP001's (untranslated): no tag noise on top. A target
        # that is only tags is still checked.
        return [self.check(p) if p.markup is not None and (p.target.strip() or p.markup.target) else [] for p in pairs]

    def check(self, pair: Pair) -> list[Signal]:
        if pair.markup is None:
            return []
        src, tgt = pair.markup.source, pair.markup.target
        out: list[Signal] = []
        missing, added = _missing_and_added([(str(t), (0, 0)) for t in src], [(str(t), (0, 0)) for t in tgt])
        if missing:
            out.append(self._signal("TAG001", f"tag(s) {_shown(missing)} of the source missing "
                                    "in the target; put them back around the same text", Severity.MAJOR))
        if added:
            out.append(self._signal("TAG002", f"tag(s) {_shown(added)} in the target are not in "
                                    "the source; remove them", Severity.MAJOR))
        broken = _broken(tgt)
        if broken is not None and _broken(src) is None:
            out.append(self._signal("TAG004", f"tag {broken} closes before it opens or crosses another pair in the "
                                    "target; fix the nesting", Severity.MAJOR))
        elif not missing and not added and [str(t) for t in src] != [str(t) for t in tgt]:
            out.append(self._signal("TAG003", "tags are in a different order than in the source "
                                    f"({' '.join(map(str, src))} -> {' '.join(map(str, tgt))}); check it is "
                                    "what the target's word order needs", Severity.MINOR))
        return out


def _shown(tags: list[tuple[str, Span]]) -> str:
    """'<g id=1>…</g>' for a pair whose both halves are listed, else each tag as it is."""
    names = [t for t, _ in tags]
    out = []
    for name in names:
        if name.startswith("</") and ("<" + name[2:]) in names:
            continue
        close = "</" + name[1:]
        out.append(f"{name}…</{name[1:].split()[0].rstrip('>')}>" if close in names else name)
    return ", ".join(out)


def _broken(tags: tuple[Tag, ...]) -> str | None:
    """The first tag that breaks the nesting of open/close pairs, or None."""
    stack: list[Tag] = []
    for tag in tags:
        if tag.kind == "open":
            stack.append(tag)
        elif tag.kind == "close":
            if not stack or (stack[-1].name, stack[-1].id) != (tag.name, tag.id):
                return str(tag)
            stack.pop()
    return str(stack[-1]) if stack else None


# The count of a plural message: gettext's singular form may spell it out ("Un file eliminato" for
# "%d file deleted"), as msgfmt --check-format allows for msgstr[0].
_COUNT = re.compile(r"%(?:\d+\$)?(?:l{1,2}|h)?[diu]|\{(?:count|n|num|number|0)\}")


class PlaceholderScorer(_Check):
    name = "placeholders"

    def check(self, pair: Pair) -> list[Signal]:
        missing, added = _missing_and_added(placeholders(pair.source), placeholders(pair.target))
        if str(pair.meta.get("plural_form")) == "0":
            missing = [(p, span) for p, span in missing if not _COUNT.fullmatch(p)]
        out = [self._signal("PLH001", f"placeholder {p} of the source is missing in the target; keep it as it is",
                            Severity.MAJOR, source_span=span) for p, span in missing]
        out += [self._signal("PLH002", f"placeholder {p} in the target is not in the source; the software has no "
                             "value for it: remove it or match the source's name", Severity.MAJOR, target_span=span)
                for p, span in added]
        return out


class UrlScorer(_Check):
    """URLs and e-mail addresses must reach the target unchanged (a language segment such as /en/ ->
    /it/ may change: localised sites do that)."""

    name = "urls"
    category = Category.DO_NOT_TRANSLATE

    def check(self, pair: Pair) -> list[Signal]:
        out: list[Signal] = []
        missing, added = _missing_and_added(urls(pair.source), urls(pair.target), key=_url_key)
        out += [self._signal("URL001", f"URL {quote(u)} of the source is missing or changed in the target; copy it "
                             "unchanged", Severity.MAJOR, source_span=span) for u, span in missing]
        out += [self._signal("URL002", f"URL {quote(u)} in the target is not in the source; check it", Severity.MINOR,
                             target_span=span) for u, span in added]
        missing, added = _missing_and_added(emails(pair.source), emails(pair.target), key=str.lower)
        out += [self._signal("EML001", f"e-mail address {quote(e)} of the source is missing or changed in the "
                             "target; copy it unchanged", Severity.MAJOR, source_span=span) for e, span in missing]
        out += [self._signal("EML002", f"e-mail address {quote(e)} in the target is not in the source; check it",
                             Severity.MINOR, target_span=span) for e, span in added]
        return out


class CodeScorer(_Check):
    """Product codes, model numbers and other letter-digit identifiers copied as they are (case aside)."""

    name = "codes"
    category = Category.DO_NOT_TRANSLATE

    def check(self, pair: Pair) -> list[Signal]:
        # Compared on letters and digits only, case aside: 'H0396' is kept in 'H - 0396 / 00' and
        # 'EURO2000' in 'Euro 2000'; a changed digit or letter is still found.
        target = _alnum(pair.target)
        return [
            self._signal("COD001", f"code {quote(c)} of the source is not in the target; copy it unchanged",
                         Severity.MINOR, source_span=span)
            for c, span in codes(pair.source)
            if len(_alnum(c)) >= 4 and _alnum(c) not in target
        ]


def _alnum(text: str) -> str:
    return "".join(ch for ch in text.lower() if ch.isalnum())


class WhitespaceScorer(_Check):
    """Leading and trailing whitespace of a unit is often layout the software relies on (a space
    before a concatenated string, a line break at the end)."""

    name = "whitespace"
    category = Category.WHITESPACE

    def check(self, pair: Pair) -> list[Signal]:
        out: list[Signal] = []
        src, tgt = pair.source, pair.target
        lead_s, lead_t = src[: len(src) - len(src.lstrip())], tgt[: len(tgt) - len(tgt.lstrip())]
        trail_s, trail_t = src[len(src.rstrip()):], tgt[len(tgt.rstrip()):]
        if lead_s != lead_t:
            out.append(self._signal("WSP001", f"leading whitespace differs: source {lead_s!r}, target {lead_t!r}; "
                                    "match the source", Severity.MINOR, target_span=(0, len(lead_t))))
        if trail_s != trail_t:
            end = len(tgt)
            out.append(self._signal("WSP002", f"trailing whitespace differs: source {trail_s!r}, target {trail_t!r}; "
                                    "match the source", Severity.MINOR, target_span=(end - len(trail_t), end)))
        return out
