"""Recall and false alarms of the tag, placeholder and URL checks on a labelled XLIFF set.

corpora/formats/labelled/correct.xlf holds hand-written English->Italian UI strings with inline tags,
placeholders, URLs and e-mail addresses, all correctly translated. corrupted.xlf holds the same units
corrupted one fault at a time (a dropped, added or broken tag, a dropped or renamed placeholder, a
changed URL or address); each unit's <note> names the code a checker must raise.

    python -m benchmarks.formats            # measure; writes benchmarks/results/formats.json
    python -m benchmarks.formats --write    # regenerate the two files from the table below

Recall: corrupted units whose expected code is raised. False alarms: issues of the markup checks on
the correct units; also counted: major or worse issues from the whole fast set (rule checks and
similarity) on the correct units, the false majors a user would see.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "corpora" / "formats" / "labelled"
MARKUP_SCORERS = ("tags", "placeholders", "urls")

# (source, target) in XLIFF 1.2 inline syntax; English -> Italian.
UNITS: list[tuple[str, str]] = [
    ('Click <g id="1">Save</g> to keep your changes.', 'Fai clic su <g id="1">Salva</g> per conservare le modifiche.'),
    ('Welcome back, {name}!', 'Bentornato, {name}!'),
    ('You have {count} new messages.', 'Hai {count} nuovi messaggi.'),
    ('See <g id="1">https://example.com/help</g> for details.', 'Vedi <g id="1">https://example.com/help</g> per i dettagli.'),
    ('Write to support@example.com if you need help.', 'Scrivi a support@example.com se hai bisogno di aiuto.'),
    ('%s uploaded %d files.', '%s ha caricato %d file.'),
    ('Page %1$s of %2$s', 'Pagina %1$s di %2$s'),
    ('Hello {{ user }}, your order has shipped.', 'Ciao {{ user }}, il tuo ordine è stato spedito.'),
    ('Your balance is $balance.', 'Il tuo saldo è $balance.'),
    ('First line<x id="1"/>second line', 'Prima riga<x id="1"/>seconda riga'),
    ('Press <g id="1">Ctrl</g>+<g id="2">S</g> to save.', 'Premi <g id="1">Ctrl</g>+<g id="2">S</g> per salvare.'),
    ('Read our <g id="1">privacy policy</g> at https://example.com/privacy.', 'Leggi la nostra <g id="1">informativa sulla privacy</g> su https://example.com/privacy.'),
    ('The file <g id="1">{filename}</g> was deleted.', 'Il file <g id="1">{filename}</g> è stato eliminato.'),
    ('Download the app from www.example.com/app.', "Scarica l'app da www.example.com/app."),
    ('Your code expires in {minutes} minutes.', 'Il codice scade tra {minutes} minuti.'),
    ('<g id="1">Warning:</g> this action cannot be undone.', '<g id="1">Attenzione:</g> questa azione non può essere annullata.'),
    ('Signed in as <g id="1">%s</g>.', 'Accesso effettuato come <g id="1">%s</g>.'),
    ('Questions? Email help@example.org or call us.', "Domande? Scrivi a help@example.org o chiamaci."),
    ('{count} items selected', '{count} elementi selezionati'),
    ('Terms: https://example.com/en/terms', 'Termini: https://example.com/it/terms'),
    ('Open <g id="1">Settings</g> and then <g id="2">Privacy</g>.', 'Apri <g id="1">Impostazioni</g> e poi <g id="2">Privacy</g>.'),
    ('Hi %(name)s, welcome!', 'Ciao %(name)s, benvenuto!'),
    ('Uploading<x id="1"/>please wait.', 'Caricamento in corso<x id="1"/>attendere.'),
    ('Total: ${amount}', 'Totale: ${amount}'),
    ('<g id="1">Tip:</g> press <g id="2">Tab</g> to move to the next field.', '<g id="1">Suggerimento:</g> premi <g id="2">Tab</g> per passare al campo successivo.'),
    ('Last updated on {date} by {author}.', 'Ultimo aggiornamento il {date} da {author}.'),
    ('Learn more at https://docs.example.com/start.', 'Scopri di più su https://docs.example.com/start.'),
    ('Invite sent to {email}.', 'Invito inviato a {email}.'),
    ('Your password must have at least %d characters.', 'La password deve avere almeno %d caratteri.'),
    ('Click <g id="1">here</g> to reset your password.', 'Fai clic <g id="1">qui</g> per reimpostare la password.'),
    ('Contact sales@example.com for a quote.', 'Contatta sales@example.com per un preventivo.'),
    ('Step {current} of {total}', 'Passaggio {current} di {total}'),
    ('{{count}} comments', '{{count}} commenti'),
    ('Video: <g id="1">{title}</g><x id="2"/>{duration}', 'Video: <g id="1">{title}</g><x id="2"/>{duration}'),
    ('%1$s invited you to %2$s.', '%1$s ti ha invitato a %2$s.'),
    ('Visit www.example.it for Italian news.', 'Visita www.example.it per le notizie in italiano.'),
    ('<g id="1">Name</g> is required.', 'Il campo <g id="1">Nome</g> è obbligatorio.'),
    ('Report abuse to abuse@example.net.', "Segnala gli abusi a abuse@example.net."),
    ('Only $remaining seats left.', 'Solo $remaining posti rimasti.'),
    ('Battery at {level}%.', 'Batteria al {level}%.'),
]

# Each corruption: (name, expected code, function on a target string -> corrupted target or None).
_TAG_PAIR = re.compile(r'<g id="(\d+)">(.*?)</g>')
_EMPTY = re.compile(r'<x id="\d+"/>')
_PLACEHOLDER = re.compile(r"\{\{ ?\w+ ?\}\}|\$\{\w+\}|\{\w+\}|%\d\$s|%\(\w+\)s|%[sd]|\$[a-z]\w*")
_URL = re.compile(r"https?://[\w./-]+\w|www\.[\w./-]+\w")
_EMAIL = re.compile(r"[\w.]+@[\w.]+\.\w+")


def _drop_tag_pair(t: str) -> str | None:
    m = _TAG_PAIR.search(t)
    return t[: m.start()] + m.group(2) + t[m.end():] if m else None


def _drop_empty(t: str) -> str | None:
    m = _EMPTY.search(t)
    return t[: m.start()] + " " + t[m.end():] if m else None


def _add_tag(t: str) -> str:
    """A stray code before the last word that holds no markup (or at the end)."""
    words = t.split(" ")
    for i in range(len(words) - 1, 0, -1):
        if not set(words[i]) & set('<>"='):
            words[i] = f'<x id="99"/>{words[i]}'
            return " ".join(words)
    return t + '<x id="99"/>'



def _rename_placeholder(t: str) -> str | None:
    """A placeholder changed as a translator or MT system might: a translated name, a swapped type."""
    m = _PLACEHOLDER.search(t)
    if not m:
        return None
    raw = m.group(0)
    if raw in ("%s", "%d"):
        new = "%d" if raw == "%s" else "%s"
    elif re.match(r"%\d\$", raw):
        new = "%3$" + raw[3:]
    else:
        new = re.sub(r"[A-Za-z_]\w*", lambda w: w.group(0) + "_it", raw, count=1)
    return t[: m.start()] + new + t[m.end():]


def _drop_placeholder(t: str) -> str | None:
    m = _PLACEHOLDER.search(t)
    return t[: m.start()] + t[m.end():] if m else None


def _change_url(t: str) -> str | None:
    m = _URL.search(t)
    return t[: m.start()] + m.group(0).replace("example", "esempio") + t[m.end():] if m else None


def _drop_url(t: str) -> str | None:
    m = _URL.search(t)
    return t[: m.start()] + "il sito" + t[m.end():] if m else None


def _change_email(t: str) -> str | None:
    m = _EMAIL.search(t)
    return t[: m.start()] + m.group(0).replace("example", "esempio") + t[m.end():] if m else None


CORRUPTIONS = [
    ("drop-tag-pair", "TAG001", _drop_tag_pair),
    ("drop-empty-tag", "TAG001", _drop_empty),
    ("add-tag", "TAG002", _add_tag),
    ("rename-placeholder", "PLH001", _rename_placeholder),
    ("drop-placeholder", "PLH001", _drop_placeholder),
    ("change-url", "URL001", _change_url),
    ("drop-url", "URL001", _drop_url),
    ("change-email", "EML001", _change_email),
]


def _xliff(units: list[tuple[str, str, str, str]]) -> str:
    body = "\n".join(
        f'      <trans-unit id="{uid}">\n        <source>{src}</source>\n        <target state="translated">{tgt}</target>\n'
        + (f"        <note>expect {note}</note>\n" if note else "")
        + "      </trans-unit>"
        for uid, src, tgt, note in units
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        "<!-- Generated by benchmarks/formats.py with the write option; hand-written UI strings. -->\n"
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">\n'
        '  <file original="ui.strings" source-language="en" target-language="it" datatype="plaintext">\n'
        f"    <body>\n{body}\n    </body>\n  </file>\n</xliff>\n"
    )


def write() -> None:
    correct = [(f"u{k}", s, t, "") for k, (s, t) in enumerate(UNITS, start=1)]
    corrupted = []
    for k, (src, tgt) in enumerate(UNITS, start=1):
        for name, code, corrupt in CORRUPTIONS:
            bad = corrupt(tgt)
            if bad is not None and bad != tgt:
                corrupted.append((f"u{k}-{name}", src, bad, code))
    (OUT / "correct.xlf").write_text(_xliff(correct), encoding="utf-8")
    (OUT / "corrupted.xlf").write_text(_xliff(corrupted), encoding="utf-8")
    print(f"wrote {len(correct)} correct and {len(corrupted)} corrupted units to {OUT}")


def measure() -> dict[str, object]:
    from mtqa.config import Config
    from mtqa.pipeline import check_units

    def run(path: Path, scorers: tuple[str, ...], langs: tuple[str, str] = ("en", "it")) -> list[tuple[str, list[str], list[str]]]:
        config = Config(source_lang=langs[0], target_lang=langs[1], scorers=scorers)
        report, file = check_units(path, None, config)
        out = []
        for unit, seg in zip(file.units, report.segments, strict=True):
            major = [i.code for i in seg.issues if i.severity.rank >= 2]
            out.append((unit.key, [i.code for i in seg.issues], major))
        return out

    from lxml import etree

    notes = {tu.get("id"): tu.findtext("{urn:oasis:names:tc:xliff:document:1.2}note", "").split()[-1]
             for tu in etree.parse(str(OUT / "corrupted.xlf")).iter("{urn:oasis:names:tc:xliff:document:1.2}trans-unit")}
    corrupted = run(OUT / "corrupted.xlf", MARKUP_SCORERS)
    hits = [key for key, codes, _ in corrupted if notes[key] in codes]
    missed = [key for key, codes, _ in corrupted if notes[key] not in codes]
    correct = run(OUT / "correct.xlf", MARKUP_SCORERS)
    false_alarms = [(key, codes) for key, codes, _ in correct if codes]
    fast = run(OUT / "correct.xlf", ("fast",))
    false_majors = [(key, major) for key, _, major in fast if major]
    # A real catalogue: every major issue except EMP001, which marks messages WTForms really left
    # untranslated (msgstr "").
    real = run(ROOT / "corpora" / "formats" / "real" / "wtforms.it.po", ("fast",))
    real_markup = run(ROOT / "corpora" / "formats" / "real" / "wtforms.it.po", MARKUP_SCORERS + ("codes", "whitespace"))
    real_untranslated = sum("EMP001" in codes for _, codes, _ in real)
    by_kind = Counter(notes[k] for k in notes)
    return {
        "corrupted_units": len(corrupted), "by_expected_code": dict(sorted(by_kind.items())),
        "recall": len(hits) / len(corrupted), "missed": missed,
        "correct_units": len(correct), "markup_false_alarms": false_alarms,
        "fast_set_false_majors_on_correct": false_majors,
        "real_po_units": len(real), "real_po_untranslated_EMP001": real_untranslated,
        "real_po_markup_issues": [(k, c) for k, c, _ in real_markup if [x for x in c if x != "EMP001"]],
        "real_po_fast_set_majors_besides_EMP001": [(k, m) for k, _, m in real if [x for x in m if x != "EMP001"]],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="regenerate the labelled files")
    args = parser.parse_args()
    if args.write:
        write()
        return 0
    import json

    text = json.dumps(measure(), indent=2, ensure_ascii=False)
    (ROOT / "benchmarks" / "results" / "formats.json").write_text(text + "\n", encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
