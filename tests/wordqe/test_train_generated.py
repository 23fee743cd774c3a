"""Training the QE adapter on generator output: grouping, the data recipe, a tiny run, the adapter shape."""

from __future__ import annotations

import json
import zlib
from pathlib import Path

import pytest

from mtqa.errors import ModelUnavailableError

SRC = "Il treno è partito alle otto da Milano."
ORIG = "The train left Milan at eight."


def _line_held_out(held: bool, start: int = 1) -> int:
    """A corpus line whose group key falls (or not) in the held-out share."""
    from mtqa.training.train_generated import HELD_OUT

    line = start
    while (zlib.crc32(f"ntrex-news|{line}".encode()) % HELD_OUT == 0) != held:
        line += 1
    return line


def _row(line: int, target: str, type_: str, severity: str, tags: list[list[object]]) -> dict[str, object]:
    return {"source": SRC, "target": target, "original_target": ORIG, "type": type_, "subtype": "x", "severity": severity,
            "target_tags": tags, "omission_at": None, "corpus": "ntrex-news", "line": line}


def _write(path: Path, lines: list[int]) -> Path:
    rows = []
    for line in lines:
        rows += [
            _row(line, "The train did not leave Milan at eight.", "negation", "critical", [[10, 23, "did not leave"]]),
            _row(line, "The train left Rome at eight.", "entity", "major", [[15, 19, "Rome"]]),
            _row(line, "The train left Milan at eight o'clock.", "correct", "none", []),
        ]
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_groups_lead_with_the_clean_original_and_label_severity(tmp_path: Path) -> None:
    from mtqa.training.train_generated import generated_groups

    groups = generated_groups(_write(tmp_path / "g.jsonl", [7]))
    rows = groups["ntrex-news|7"]
    assert [(r.target, r.error, r.major, r.kind) for r in rows] == [
        (ORIG, False, False, "original"),
        ("The train did not leave Milan at eight.", True, True, "negation"),  # critical counts as major
        ("The train left Rome at eight.", True, True, "entity"),
        ("The train left Milan at eight o'clock.", False, False, "correct"),
    ]
    assert rows[1].spans == ((10, 23),) and rows[3].spans == ()


def test_balance_keeps_every_correct_row_and_a_seeded_sample_of_errors(tmp_path: Path) -> None:
    from mtqa.training.train_generated import balance, generated_groups

    groups = generated_groups(_write(tmp_path / "g.jsonl", [7, 9]))
    kept = balance(groups, 1, seed=3)
    for key, rows in kept.items():
        assert [r.target for r in rows if not r.error] == [r.target for r in groups[key] if not r.error]
        assert sum(r.error for r in rows) == 1
    assert balance(groups, 1, seed=3) == kept  # seeded: the same rows every run
    assert balance(groups, 5, seed=3) == groups  # fewer errors than the cap: all kept


def test_a_malformed_row_names_the_file_and_line(tmp_path: Path) -> None:
    from mtqa.training.train_generated import DataError, generated_groups

    path = _write(tmp_path / "g.jsonl", [7])
    path.write_text(path.read_text(encoding="utf-8") + '{"source": "x"}\n', encoding="utf-8")
    with pytest.raises(DataError, match=r"g\.jsonl:4: not a generator row"):
        generated_groups(path)


def test_data_outside_the_recipes_dev_draw_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import benchmarks.realdata as realdata
    from mtqa.training.train_generated import DataError, check_recipe, generated_groups

    class P:
        def __init__(self, line: int) -> None:
            self.corpus, self.line = "ntrex-news", line

    monkeypatch.setattr(realdata, "load", lambda split: [P(k) for k in range(1, 20)])
    monkeypatch.setattr(realdata, "sample", lambda pairs, n, seed: pairs[:n])
    groups = generated_groups(_write(tmp_path / "g.jsonl", [3, 12]))
    check_recipe(groups, 15, 0)  # both lines are in the draw of 15
    with pytest.raises(DataError, match="--n 5 --seed 0"):
        check_recipe(groups, 5, 0)  # line 12 is not


def test_missing_data_file_exits_3_with_the_generate_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from mtqa.training.train_generated import main

    rc = main(["--data", str(tmp_path / "none.jsonl"), "--gen-n", "10", "--gen-seed", "2", "--out", str(tmp_path / "a")])
    assert rc == 3
    assert "python -m mtqa.training.generate --split dev --n 10 --seed 2" in capsys.readouterr().err
    assert not (tmp_path / "a").exists()


def test_ranking_loss_is_zero_only_when_every_error_outscores_its_correct_rows_by_the_margin() -> None:
    torch = pytest.importorskip("torch")
    from mtqa.training.train_generated import Row, ranking_loss

    rows = [Row("s", "ok", False, False, (), "g", "original"), Row("s", "bad", True, True, (), "g", "entity"),
            Row("s2", "ok2", False, False, (), "h", "original")]
    right = torch.tensor([[-20.0, -20.0], [20.0, 20.0], [30.0, 30.0]])  # the other group's row is never compared
    wrong = torch.tensor([[20.0, 20.0], [-20.0, -20.0], [-30.0, -30.0]])
    assert float(ranking_loss(rows, right)) < 1e-6
    assert float(ranking_loss(rows, wrong)) > 30


def test_tiny_training_run_writes_a_verifiable_8_layer_adapter_with_its_recipe(
    e5_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("torch")
    from transformers import BertModel

    from mtqa.models.offline.crossenc import load_adapter, predict
    from mtqa.models.offline.e5_convert import sha256_file
    from mtqa.models.offline.e5_tokenizer import E5Tokenizer
    from mtqa.training import train_generated

    data = _write(tmp_path / "g.jsonl", [_line_held_out(False), _line_held_out(True)])
    out = tmp_path / "adapter"
    losses: list[float] = []
    last = train_generated.train(data, out, gen_n=10, gen_seed=1, check=False, authored=False, rank=2, batch_size=4,
                                 save_every=1, valid_groups=1, log=lambda rec: losses.append(rec.get("loss", -1.0)))
    assert last["final"] and last["groups"] == 1 and last["rows"] == 4  # the held-out group was not trained on
    info = json.loads((out / "adapter.json").read_text(encoding="utf-8"))
    assert info["layers"] == 8 and info["split"] == 6
    assert info["data"] == {"generator": "python -m mtqa.training.generate", "split": "dev", "n": 10, "seed": 1,
                            "file_sha256": sha256_file(data), "rows": 8, "groups": 2}
    assert info["groups_trained"] == 1 and set(info["thresholds_chosen_on_valid"]) == {"error", "major", "token"}
    model, _ = load_adapter(BertModel.from_pretrained(str(e5_folder), add_pooling_layer=False), out)
    assert len(model.bert.encoder.layer) == 8  # the runtime builds the trained shape, top layers dropped
    tok = E5Tokenizer.from_file(e5_folder / "tokenizer_e5.json")
    pred = predict(model, tok, [(SRC, ORIG)])
    assert pred.sent.shape == (1, 2) and len(pred.token_probs[0]) == len(tok.encode(ORIG).ids)


def test_continuing_from_an_adapter_keeps_its_shape_and_weights_and_records_it(e5_folder: Path, tmp_path: Path) -> None:
    pytest.importorskip("torch")
    from mtqa.training import train_generated

    data = _write(tmp_path / "g.jsonl", [_line_held_out(False), _line_held_out(True)])
    first, second = tmp_path / "first", tmp_path / "second"
    train_generated.train(data, first, gen_n=10, gen_seed=1, check=False, authored=False, rank=2, batch_size=4,
                          save_every=1, valid_groups=1, log=lambda rec: None)
    start = json.loads((first / "adapter.json").read_text(encoding="utf-8"))
    # lr 0: every step leaves the weights alone, so the result is exactly the adapter it started from
    train_generated.train(data, second, gen_n=10, gen_seed=1, check=False, authored=False, rank=16, layers=10, lr=0.0,
                          batch_size=4, save_every=1, valid_groups=1, log=lambda rec: None, init=first, decay=True)
    info = json.loads((second / "adapter.json").read_text(encoding="utf-8"))
    assert (info["rank"], info["layers"]) == (2, 8)  # the starting adapter's shape wins over the arguments
    assert info["sha256"] == start["sha256"]
    assert info["init"]["sha256"] == start["sha256"] and info["decay"] == "linear to 0"
    with pytest.raises(train_generated.DataError, match="--init"):
        train_generated.train(data, tmp_path / "third", gen_n=10, gen_seed=1, check=False, authored=False,
                              init=tmp_path / "missing", log=lambda rec: None)


def test_continuing_into_the_starting_folder_is_refused_before_anything_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from mtqa.training.train_generated import main

    data = _write(tmp_path / "g.jsonl", [_line_held_out(False)])
    start = tmp_path / "start"
    start.mkdir()
    (start / "adapter.json").write_text("{}", encoding="utf-8")
    rc = main(["--data", str(data), "--gen-n", "10", "--gen-seed", "1", "--out", str(tmp_path / "." / "start"), "--init", str(start)])
    assert rc == 2 and "overwrite" in capsys.readouterr().err
    assert (start / "adapter.json").read_text(encoding="utf-8") == "{}"


def test_decay_falls_linearly_to_zero_after_the_warm_up() -> None:
    from mtqa.training.train_generated import WARMUP, lr_factor

    assert lr_factor(0, 1000, decay=False) == pytest.approx(1 / WARMUP)
    assert lr_factor(500, 1000, decay=False) == 1.0
    assert lr_factor(500, 1000, decay=True) == pytest.approx(0.5)
    assert lr_factor(999, 1000, decay=True) == pytest.approx(0.001)


def test_training_steps_lower_the_loss(e5_folder: Path) -> None:
    torch = pytest.importorskip("torch")
    from transformers import BertModel

    from mtqa.models.offline.crossenc import CrossEncoder
    from mtqa.models.offline.e5_tokenizer import E5Tokenizer
    from mtqa.training.train_generated import Row, step_loss

    torch.manual_seed(0)
    model = CrossEncoder(BertModel.from_pretrained(str(e5_folder), add_pooling_layer=False), rank=4, split=6, ffn=True, layers=7)
    tok = E5Tokenizer.from_file(e5_folder / "tokenizer_e5.json")
    rows = [Row(SRC, ORIG, False, False, (), "g", "original"),
            Row(SRC, "The train left Rome at eight.", True, True, ((15, 19),), "g", "entity")]
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=3e-3)
    model.eval()  # no dropout: the loss curve is deterministic
    losses = []
    for _ in range(6):
        loss = step_loss(model, tok, rows, pairwise=0.5)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(float(loss.detach()))
    assert losses[-1] < 0.7 * losses[0]


def test_an_adapter_whose_layers_do_not_fit_the_encoder_is_refused(e5_folder: Path, tmp_path: Path) -> None:
    pytest.importorskip("torch")
    from transformers import BertModel

    from mtqa.models.offline.crossenc import CrossEncoder, load_adapter, save_adapter

    model = CrossEncoder(BertModel.from_pretrained(str(e5_folder), add_pooling_layer=False), rank=2, layers=8)
    save_adapter(model, tmp_path, {})
    info = json.loads((tmp_path / "adapter.json").read_text(encoding="utf-8"))
    info["layers"] = 13
    (tmp_path / "adapter.json").write_text(json.dumps(info), encoding="utf-8")
    with pytest.raises(ModelUnavailableError, match="model shape"):
        load_adapter(BertModel.from_pretrained(str(e5_folder), add_pooling_layer=False), tmp_path)
