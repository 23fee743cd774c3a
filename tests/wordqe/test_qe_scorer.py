"""The offline-qe scorer: span merging, adapter checksums, and the scorer protocol."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from mtqa.config import Config
from mtqa.errors import ModelUnavailableError
from mtqa.scoring import Scorer
from mtqa.types import Pair
from mtqa.models.offline.e5_tokenizer import Encoding
from mtqa.models.offline.qe_scorer import OfflineQEScorer, tagged_spans


def test_tagged_tokens_merge_into_whole_word_spans() -> None:
    text = "Reuters brought him back."
    enc = Encoding((1, 2, 3, 4, 5, 6), ((0, 7), (8, 12), (12, 15), (16, 19), (20, 24), (24, 25)), ("", "", "", "", "", ""))
    probs = [0.1, 0.9, 0.2, 0.1, 0.8, 0.1]
    # "brou" tagged -> whole word "brought"; "back" separate
    assert tagged_spans(text, enc, probs, 0.5) == [((8, 15), 0.9), ((20, 24), 0.8)]
    probs = [0.1, 0.9, 0.9, 0.7, 0.1, 0.1]
    assert tagged_spans(text, enc, probs, 0.5) == [((8, 19), 0.9)]


def test_missing_adapter_is_a_typed_error_when_named_and_a_warning_in_the_default_set(tmp_path: Path) -> None:
    named = OfflineQEScorer(Config(scorers=("offline-qe",)), adapter=tmp_path)
    with pytest.raises(ModelUnavailableError, match="mtqa.training.train_qe"):
        named.score([Pair("Ciao.", "Hello.")])
    # part of the default set: the run goes on without it and says why (no silent gap)
    implicit = OfflineQEScorer(Config(), adapter=tmp_path)
    out = implicit.score([Pair("Ciao.", "Hello.")])
    assert out[0].score is None and out[0].signals == ()
    assert implicit.warnings and "mtqa.training.train_qe" in implicit.warnings[0]
    assert implicit.signature()["status"].startswith("unavailable")


def test_check_reports_a_missing_default_model_as_a_warning(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from mtqa.pipeline import check_documents

    monkeypatch.setenv("MTQA_QE_ADAPTER", str(tmp_path / "nowhere"))
    (tmp_path / "it.txt").write_text("Il treno è partito.\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("The train left.\n", encoding="utf-8")
    report = check_documents(tmp_path / "it.txt", tmp_path / "en.txt", Config(aligner="gale-church"))
    assert any("offline QE model could not be loaded" in w for w in report.warnings)
    assert report.segments[0].score is not None  # the similarity score stands in


@pytest.fixture(scope="module")
def random_adapter(e5_folder: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An untrained adapter (random LoRA A, zero B, random heads): tests the plumbing, not quality."""
    torch = pytest.importorskip("torch")
    from transformers import BertModel

    from mtqa.models.offline.crossenc import CrossEncoder, save_adapter

    torch.manual_seed(0)
    model = CrossEncoder(BertModel.from_pretrained(str(e5_folder), add_pooling_layer=False), rank=2)
    out = tmp_path_factory.mktemp("adapter")
    save_adapter(model, out, {"base_model": e5_folder.name, "thresholds_chosen_on_valid": {"error": 0.0, "major": 1.1, "token": 0.0}})
    write_fusion(out, minor=0.0, major=1.1, token=0.0)
    return out


def write_fusion(folder: Path, *, minor: float, major: float, token: float) -> None:
    """A fusion that passes the cross-encoder's P(error) logit through (weight 1, others 0)."""
    from mtqa.scoring import pair_rule_checks
    from mtqa.models.offline.fused import FEATURES
    from mtqa.models.offline.head import LogisticHead
    from mtqa.models.offline.qe_scorer import FUSION_FILE, Fusion

    n = len(FEATURES)
    head = LogisticHead(FEATURES, (0.0,) * n, (1.0,) * n, (1.0,) + (0.0,) * (n - 1), 0.0)
    meta = {"rule_scorers": list(pair_rule_checks())}
    Fusion.build(head, head, {"minor": minor, "major": major, "token": token}, meta).save(folder / FUSION_FILE)


def test_scorer_protocol_with_a_random_adapter(random_adapter: Path, monkeypatch: pytest.MonkeyPatch, e5_folder: Path) -> None:
    monkeypatch.setenv("MTQA_CACHE", str(e5_folder.parent.parent))
    scorer = OfflineQEScorer(Config(), adapter=random_adapter)
    assert isinstance(scorer, Scorer)
    pairs = [Pair("Lo riporta Reuters.", "Reuters reports it."), Pair("Solo sorgente.", ""), Pair("Il treno è partito.", "The train left.")]
    out = scorer.score(pairs)
    assert len(out) == 3 and out[1].signals == () and out[1].score is None
    # thresholds 0 for error and token: every target word is tagged, severity minor (major unreachable)
    assert out[0].signals and all(s.severity_hint and s.severity_hint.value == "minor" for s in out[0].signals)
    assert any("reports" in pairs[0].target[s.target_span[0]:s.target_span[1]] for s in out[0].signals if s.target_span)
    assert "adapter_sha256" in scorer.signature() and "fusion_sha256" in scorer.signature()
    # the evidence travels in details: fused and cross-encoder probabilities, the word alignment
    d = out[0].details
    assert d["p_error"] == pytest.approx(1 - out[0].score, abs=1e-3)
    assert d["alignment"]["target_words"][0][0] == "Reuters"
    json.dumps(d)  # JSON-serialisable for the report


def test_config_thresholds_override_the_shipped_ones(random_adapter: Path, monkeypatch: pytest.MonkeyPatch, e5_folder: Path) -> None:
    monkeypatch.setenv("MTQA_CACHE", str(e5_folder.parent.parent))
    pairs = [Pair("Il treno è partito.", "The train left.")]
    never = OfflineQEScorer(Config(thresholds={"offline-qe.minor": 1.1}), adapter=random_adapter)
    assert never.score(pairs)[0].signals == ()
    always = OfflineQEScorer(Config(thresholds={"offline-qe.major": 0.0}), adapter=random_adapter)
    sig = always.score(pairs)[0].signals
    assert sig and all(s.severity_hint and s.severity_hint.value == "major" for s in sig)


def test_a_modified_fusion_is_refused(random_adapter: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, e5_folder: Path) -> None:
    from mtqa.models.offline.qe_scorer import FUSION_FILE

    bad = tmp_path / "adapter"
    bad.mkdir()
    for f in random_adapter.iterdir():
        (bad / f.name).write_bytes(f.read_bytes())
    data = json.loads((bad / FUSION_FILE).read_text())
    data["thresholds"]["minor"] = 0.99
    (bad / FUSION_FILE).write_text(json.dumps(data))
    with pytest.raises(ModelUnavailableError, match="checksum"):
        OfflineQEScorer(Config(scorers=("offline-qe",)), adapter=bad).score([Pair("Ciao.", "Hello.")])


def test_a_modified_adapter_is_refused(random_adapter: Path, tmp_path: Path, e5_folder: Path) -> None:
    from transformers import BertModel

    from mtqa.models.offline.crossenc import load_adapter

    info = json.loads((random_adapter / "adapter.json").read_text())
    info["sha256"] = "0" * 64
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "adapter.json").write_text(json.dumps(info))
    (bad / "adapter.safetensors").write_bytes((random_adapter / "adapter.safetensors").read_bytes())
    with pytest.raises(ModelUnavailableError, match="checksum"):
        load_adapter(BertModel.from_pretrained(str(e5_folder), add_pooling_layer=False), bad)


def test_shipped_adapter_loads_and_separates_a_held_out_number_error(e5_folder: Path) -> None:
    """The committed adapter verifies against its checksum; on a test-split sentence (never trained
    on) it scores a wrong number (400 -> 4,000) above the correct translation (the cross-encoder
    alone, P(major) measured 0.64 vs 0.49; the fused scorer, below, separates them further)."""
    from transformers import BertModel

    from mtqa.models.offline.crossenc import load_adapter, predict
    from mtqa.models.offline.e5_tokenizer import E5Tokenizer
    from mtqa.models.offline.qe_scorer import DEFAULT_ADAPTER

    model, info = load_adapter(BertModel.from_pretrained(str(e5_folder), add_pooling_layer=False), DEFAULT_ADAPTER)
    assert info["base_model"] == e5_folder.name
    tok = E5Tokenizer.from_file(e5_folder / "tokenizer_e5.json")
    src = "L'azienda prevede di assumere 400 persone entro la fine del 2025."
    sent = predict(model, tok, [
        (src, "The company plans to hire 400 people by the end of 2025."),
        (src, "The company plans to hire 4,000 people by the end of 2025."),
    ]).sent
    assert sent[1, 1] - sent[0, 1] > 0.1


def test_shipped_fusion_flags_a_held_out_number_error_with_a_span_and_passes_the_correct_one(
    e5_folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The shipped adapter + fusion (thresholds from the realistic calibration set) on a test-split
    sentence: the correct translation is not flagged (measured fused P(error) 0.43), the wrong
    number (400 -> 4,000) is flagged (fused P(error) 0.84 over the 0.81 minor threshold of a
    target under 60 characters; P(major) 0.77, under the major one, so minor from this scorer
    alone; NUM001 makes it major in a real run) with the number as a span."""
    monkeypatch.setenv("MTQA_CACHE", str(e5_folder.parent.parent))
    src = "L'azienda prevede di assumere 400 persone entro la fine del 2025."
    good, bad = "The company plans to hire 400 people by the end of 2025.", "The company plans to hire 4,000 people by the end of 2025."
    scorer = OfflineQEScorer(Config())
    ok, wrong = scorer.score([Pair(src, good), Pair(src, bad)])
    assert ok.signals == () and wrong.score is not None and ok.score is not None and wrong.score < ok.score
    assert wrong.signals and all(s.severity_hint and s.severity_hint.value in ("minor", "major") for s in wrong.signals)
    assert any(bad[s.target_span[0]:s.target_span[1]] == "4,000" for s in wrong.signals if s.target_span)
    assert "fusion_sha256" in scorer.signature()


def test_models_load_once_per_process(random_adapter: Path, monkeypatch: pytest.MonkeyPatch, e5_folder: Path) -> None:
    monkeypatch.setenv("MTQA_CACHE", str(e5_folder.parent.parent))
    a, b = OfflineQEScorer(Config(), adapter=random_adapter), OfflineQEScorer(Config(), adapter=random_adapter)
    a.score([Pair("Ciao.", "Hello.")])
    b.score([Pair("Ciao.", "Hello.")])
    assert a._models is b._models  # one cross-encoder per (e5 build, adapter, device)


def test_merged_lora_computes_the_same_function(e5_folder: Path) -> None:
    torch = pytest.importorskip("torch")
    from transformers import BertModel

    from mtqa.models.offline.crossenc import CrossEncoder
    from mtqa.models.offline.e5_tokenizer import E5Tokenizer
    from mtqa.models.offline.fused import merge_lora

    torch.manual_seed(1)
    model = CrossEncoder(BertModel.from_pretrained(str(e5_folder), add_pooling_layer=False), rank=2).eval()
    for name, p in model.named_parameters():
        if name.endswith("lora_b"):
            torch.nn.init.normal_(p, std=0.05)  # non-zero deltas, so the merge has something to fold
    src, tgt = model.lower(E5Tokenizer.from_file(e5_folder / "tokenizer_e5.json"), ["Lo riporta Reuters.", "Reuters reports it."])
    with torch.inference_mode():
        before = model([(src, tgt)])
        merge_lora(model)
        after = model([(src, tgt)])
    assert not any(type(m).__name__ == "LoRALinear" for m in model.modules())
    assert torch.allclose(before.sent_logits, after.sent_logits, atol=1e-4)
    assert torch.allclose(before.tok_logits, after.tok_logits, atol=1e-4)


def test_lower_layers_are_the_plain_encoder_and_the_upper_ones_read_both_sides(e5_folder: Path) -> None:
    """Late interaction: below the split each sentence is encoded alone, exactly as the plain e5
    encoder does (so word alignment can read these states); above it the target tokens see the
    source (changing the source changes the target's token logits)."""
    torch = pytest.importorskip("torch")
    from transformers import BertModel

    from mtqa.models.offline.crossenc import SPLIT, CrossEncoder
    from mtqa.models.offline.e5_tokenizer import E5Tokenizer

    tok = E5Tokenizer.from_file(e5_folder / "tokenizer_e5.json")
    plain = BertModel.from_pretrained(str(e5_folder), add_pooling_layer=False).eval()
    torch.manual_seed(2)
    model = CrossEncoder(BertModel.from_pretrained(str(e5_folder), add_pooling_layer=False), rank=2).eval()
    texts = ["Lo riporta Reuters.", "Il sindaco di Torino ha inaugurato ieri tre nuove piste ciclabili.", "Reuters reports it."]
    lowered = model.lower(tok, texts)  # batched with padding: padding must not leak into the states
    for text, sent in zip(texts, lowered):
        ids = torch.tensor([[tok.bos, *tok.encode(text).ids, tok.eos]])
        with torch.inference_mode():
            ref = plain(input_ids=ids, attention_mask=torch.ones_like(ids), output_hidden_states=True).hidden_states[SPLIT][0]
        assert sent.states.shape == ref.shape and torch.allclose(sent.states, ref, atol=1e-4)
    with torch.inference_mode():
        a = model([(lowered[0], lowered[2])]).tok_logits
        b = model([(lowered[1], lowered[2])]).tok_logits
    n = len(lowered[2].encoding.ids)
    off_a, off_b = len(lowered[0].states) + 1, len(lowered[1].states) + 1
    assert not torch.allclose(a[0, off_a : off_a + n], b[0, off_b : off_b + n], atol=1e-4)


def test_check_carries_the_evidence_into_the_json_and_html_reports(
    random_adapter: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, e5_folder: Path
) -> None:
    from mtqa.pipeline import check_documents
    from mtqa.report import render

    monkeypatch.setenv("MTQA_CACHE", str(e5_folder.parent.parent))
    monkeypatch.setenv("MTQA_QE_ADAPTER", str(random_adapter))
    (tmp_path / "it.txt").write_text("Lo riporta Reuters.\n\nIl treno è partito.\n", encoding="utf-8")
    (tmp_path / "en.txt").write_text("Reuters brought him back.\n\nThe train left.\n", encoding="utf-8")
    report = check_documents(tmp_path / "it.txt", tmp_path / "en.txt", Config(scorers=("offline-qe",)))
    seg = report.segments[0]
    assert seg.score == seg.scores["offline-qe"]  # offline-qe gives the segment's score
    assert seg.issues and seg.details["offline-qe"]["alignment"]["target_words"][1][0] == "brought"
    data = json.loads(render(report, "json"))
    assert "alignment" in data["segments"][0]["details"]["offline-qe"]
    assert "word alignment (offline-qe)" in render(report, "html")


def test_the_default_set_runs_offline_qe_and_fast_leaves_it_out() -> None:
    from mtqa.scoring import build_scorers

    default = [s.name for s in build_scorers(Config())]
    fast = [s.name for s in build_scorers(Config(scorers=("fast",)))]
    assert "offline-qe" in default
    # the term check reads offline-qe's word alignments, so it goes with it
    assert default.index("terms") > default.index("offline-qe")
    assert "offline-qe" not in fast and fast == [n for n in default if n not in ("offline-qe", "terms")]


def test_precision_is_in_the_signature_and_bf16_stays_close(random_adapter: Path, e5_folder: Path) -> None:
    pairs = [Pair("Il treno è partito ieri sera da Milano.", "The train left Milan last night.")]
    fp32 = OfflineQEScorer(Config(), adapter=random_adapter)
    bf16 = OfflineQEScorer(Config(precision="bf16"), adapter=random_adapter)
    a, b = fp32.score(pairs)[0], bf16.score(pairs)[0]
    assert fp32.signature()["precision"] == "fp32" and bf16.signature()["precision"] == "bf16"
    assert a.details["crossenc"]["p_error"] == pytest.approx(b.details["crossenc"]["p_error"], abs=0.05)


def test_a_side_longer_than_the_model_reads_is_marked_not_silently_cut(random_adapter: Path, e5_folder: Path) -> None:
    long_src = " ".join(["Il consiglio comunale ha approvato il bilancio, dopo una lunga discussione."] * 30)
    long_tgt = " ".join(["The city council approved the budget after a long debate."] * 30)
    scorer = OfflineQEScorer(Config(), adapter=random_adapter)
    short, long = scorer.score([Pair("Il treno è partito.", "The train left.", 0), Pair(long_src, long_tgt, 1)])
    assert "truncated" not in short.details and long.details["truncated"] is True
    # the unread rest must not pass as checked: a major CUT001 that fails the default gate
    assert not any(s.code == "CUT001" for s in short.signals)
    assert [s.severity_hint.value for s in long.signals if s.code == "CUT001" and s.severity_hint] == ["major"]
    assert any("first 254 tokens" in w and "segments 1" in w for w in scorer.warnings)


def test_offline_qe_counts_the_fitted_rule_checks_raw_findings_whatever_the_policy(random_adapter: Path, e5_folder: Path) -> None:
    """The rule-count features are the raw findings of the rule checks the fusion names, counted
    under the default policy: the user's --severity overrides never change them; a check the
    pipeline already ran is reused (here a planted finding shows it), unless the user set one of its
    thresholds, when offline-qe runs it again with the defaults."""
    from mtqa.pipeline import run_scorers
    from mtqa.types import Category, PairScore, Severity, Signal

    pairs = [Pair("Il treno è partito alle 9.", "The train left at 10.")]

    def planted(name: str, code: str) -> Any:
        signal = Signal(code, Category.NUMBER, "planted", name, severity_hint=Severity.CRITICAL)

        class Planted:
            requires = provides = ()

            def signature(self) -> dict[str, str]:
                return {}

            def score(self, ps: list[Pair]) -> list[PairScore]:
                return [PairScore(signals=(signal, signal)) for _ in ps]

        scorer = Planted()
        scorer.name = name  # type: ignore[attr-defined]
        return scorer

    def features(config: Config, *before: Any) -> Any:
        return run_scorers([*before, OfflineQEScorer(config, adapter=random_adapter)], pairs)[0]["offline-qe"].details["features"]

    alone = features(Config())
    assert alone["rules_major"] == 1.0  # the real numbers check: 9 -> 10
    assert features(Config(), planted("numbers", "NUM001"))["rules_major"] == 2.0  # reused, not run again
    assert features(Config(severity_overrides={"NUM001": "ok", "NUM002": "minor"})) == alone
    lengthy = Config(thresholds={"length.minor_factor": 1.01})
    assert features(lengthy, planted("length", "LEN001")) == alone