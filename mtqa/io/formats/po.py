"""gettext PO catalogues: one unit per message, and one per plural form (msgstr[n]).

Form 0 is checked against msgid, every other form against msgid_plural, so a placeholder dropped
from any one plural form is found. An empty msgstr is a unit without a target. A translation flagged
'#, fuzzy' is checked and marked `fuzzy` in the report (gettext does not use it until a translator
confirms it). Obsolete entries (#~) and the header (msgid "") are not units; the header's Language field is the target language.
Format: https://www.gnu.org/software/gettext/manual/html_node/PO-Files.html
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mtqa.errors import InputError
from mtqa.io.formats import Bilingual, Unit
from mtqa.io.text import read_text

_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(\".*)$")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}


@dataclass
class _Entry:
    line: int
    fields: dict[str, str] = field(default_factory=dict)
    fuzzy: bool = False


def read_po(path: str, *, encoding: str = "utf-8") -> Bilingual:
    text = read_text(path, encoding=encoding)
    entries = _entries(text, path)
    units: list[Unit] = []
    target_lang = None
    for entry in entries:
        msgid = entry.fields.get("msgid")
        if msgid is None:
            raise InputError("entry has no msgid; every message starts with msgid \"...\"", path=path, line=entry.line)
        if msgid == "" and "msgctxt" not in entry.fields:
            match = re.search(r"^Language:\s*(\S+)", entry.fields.get("msgstr", ""), re.M)
            target_lang = match.group(1) if match else None
            continue
        context = entry.fields.get("msgctxt")
        key = f"{context}|{msgid}" if context is not None else msgid
        plural = entry.fields.get("msgid_plural")
        if plural is None:
            units.append(Unit(key=key, source=msgid, target=entry.fields.get("msgstr") or None, line=entry.line,
                              fuzzy=entry.fuzzy))
            continue
        forms = sorted((int(k[7:-1]), v) for k, v in entry.fields.items() if k.startswith("msgstr["))
        if not forms:
            raise InputError("plural message has no msgstr[0]; add msgstr[0] \"\" and msgstr[1] \"\"",
                             path=path, line=entry.line)
        for n, form in forms:
            units.append(Unit(key=f"{key}[{n}]", source=msgid if n == 0 else plural, target=form or None,
                              line=entry.line, plural_form=n, fuzzy=entry.fuzzy))
    if not units:
        raise InputError("holds no messages; nothing to check", path=path)
    return Bilingual(path=path, format="po", units=tuple(units), target_lang=target_lang)


def _entries(text: str, path: str) -> list[_Entry]:
    entries: list[_Entry] = []
    current: _Entry | None = None
    last: str | None = None
    fuzzy = False  # a '#, fuzzy' flag applies to the entry that follows it
    for number, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip()
        if not line:
            current, last = None, None
            continue
        if line.startswith("#"):
            # Comments (and obsolete #~ entries) open the next entry when they follow strings.
            if current is not None and current.fields:
                current, last = None, None
            if line.startswith("#,") and "fuzzy" in line[2:].replace(",", " ").split():
                fuzzy = True
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword = match.group(1)
            if current is None or (keyword in ("msgctxt", "msgid") and "msgid" in current.fields):
                current = _Entry(number, fuzzy=fuzzy)
                entries.append(current)
                fuzzy = False
            if keyword in current.fields:
                raise InputError(f"{keyword} appears twice in one message; separate messages with a blank line",
                                 path=path, line=number)
            current.fields[keyword] = _string(match.group(3), path, number)
            last = keyword
        elif line.startswith('"') and current is not None and last is not None:
            current.fields[last] += _string(line, path, number)
        else:
            raise InputError(
                f"cannot read {line[:40]!r}: a PO line is a comment (#), a keyword (msgctxt, msgid, "
                "msgid_plural, msgstr, msgstr[n]) with a quoted string, or a quoted continuation",
                path=path, line=number,
            )
    return [e for e in entries if e.fields]


def _string(quoted: str, path: str, line: int) -> str:
    if len(quoted) < 2 or not quoted.endswith('"') or quoted.endswith('\\"') and not quoted.endswith('\\\\"'):
        raise InputError('unterminated string; close it with "', path=path, line=line)
    body = quoted[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            out.append(_ESCAPES.get(body[i + 1], body[i + 1]))
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out)
