"""The QE family registry: every family the config names has one object, and the objects say
which way the score points, whether spans come, and how a raw score becomes mtqa's 0-1 score."""

from __future__ import annotations

import pytest

from mtqa.config import QE_FAMILIES
from mtqa.errors import ModelUnavailableError
from mtqa.models.qe.families import FAMILIES, family
from mtqa.models.qe.metricx import to_unit


def test_every_configured_family_has_one_entry() -> None:
    assert tuple(FAMILIES) == QE_FAMILIES
    assert all(name == f.name for name, f in FAMILIES.items())


@pytest.mark.parametrize("raw", [-3.0, 0.0, 2.5, 12.5, 25.0, 40.0])
def test_metricx_families_map_their_error_score_as_metricx_does(raw: float) -> None:
    for name in ("metricx23", "metricx24"):
        assert family(name).lower_is_better and family(name).to_unit(raw) == to_unit(raw)


def test_comet_families_clamp_to_the_unit_interval_and_only_xcomet_tags_spans() -> None:
    assert [family(n).to_unit(r) for n in ("cometkiwi", "cometqe") for r in (-0.2, 0.4, 1.3)] == [0.0, 0.4, 1.0] * 2
    assert [n for n, f in FAMILIES.items() if f.spans] == ["xcomet"]
    assert [n for n, f in FAMILIES.items() if not f.half_precision] == ["metricx24", "metricx23"]


def test_an_unknown_family_is_a_model_error_naming_the_known_ones() -> None:
    with pytest.raises(ModelUnavailableError, match="unsupported model family 'bleurt'; known: cometkiwi"):
        family("bleurt")
