"""TMX 1.4 translation memories: one unit per <tu>, its <tuv> in the source and target languages.

A TMX holds any number of languages, so the sides are chosen by --src-lang/--tgt-lang (primary
subtag of xml:lang). A <tu> with no variant in the target language is a unit without a target.
"""

from __future__ import annotations

from typing import Any

from mtqa.errors import InputError
from mtqa.io.formats import Bilingual, Unit, primary
from mtqa.io.formats._inline import flatten
from mtqa.io.text import read_bytes
from mtqa.io.formats._xml import local, parse_xml
from mtqa.types import Markup

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"


def read_tmx(path: str, *, encoding: str = "utf-8", source_lang: str = "it", target_lang: str = "en") -> Bilingual:
    data = read_bytes(path)  # regular files only, bounded (mtqa.io.text)
    if not data.strip():
        raise InputError("file is empty; nothing to check", path=path)
    tree = parse_xml(path, data)
    root = tree.getroot()
    if local(root.tag) != "tmx":
        raise InputError(f"the root element is <{local(root.tag)}>, not <tmx>; give a TMX file", path=path)
    if root.get("version") not in ("1.4", "1.4b", "1.3", "1.2", "1.1"):
        raise InputError(f"unsupported TMX version {root.get('version')!r}; mtqa reads TMX 1.4", path=path,
                         line=root.sourceline)
    units: list[Unit] = []
    seen: set[str] = set()
    for tu in root.iter("tu"):
        variants = {primary(_lang(tuv)): tuv for tuv in tu.iter("tuv")}
        seen.update(lang for lang in variants if lang)
        src, tgt = variants.get(source_lang), variants.get(target_lang)
        if src is None:
            continue
        src_text, src_tags = _seg(src)
        tgt_text, tgt_tags = _seg(tgt) if tgt is not None else (None, ())
        units.append(Unit(key=tu.get("tuid") or str(len(units) + 1), source=src_text, target=tgt_text,
                          line=tu.sourceline or 0, markup=Markup(src_tags, tgt_tags), handle=tu))
    if not units:
        found = ", ".join(sorted(seen)) or "none"
        raise InputError(
            f"no translation unit has a variant in the source language {source_lang!r} (languages found: "
            f"{found}); set --src-lang/--tgt-lang to two of them",
            path=path,
        )
    if target_lang not in seen:
        raise InputError(
            f"no translation unit has a variant in the target language {target_lang!r} (languages found: "
            f"{', '.join(sorted(seen))}); set --tgt-lang to one of them",
            path=path,
        )
    # The header's srclang names the memory's original language, not a direction: a TMX serves both
    # directions, so the languages are checked per variant above instead.
    return Bilingual(path=path, format="tmx-1.4", units=tuple(units), tree=tree)


def _lang(tuv: Any) -> str:
    return str(tuv.get(XML_LANG) or tuv.get("lang") or "")


def _seg(tuv: Any) -> tuple[str, tuple[Any, ...]]:
    seg = tuv.find("seg")
    return flatten(seg, "tmx") if seg is not None else ("", ())
