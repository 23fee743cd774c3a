"""`mtqa bench --backend ray`: the same report as one process, on a local Ray instance the command
starts and stops itself or on one already running; a bad row still exits 3 naming it; without
Ray installed, a one-line exit 4 naming the extra; `import mtqa` and `mtqa --help` never import Ray."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa.cli import main

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench_systems as systems  # noqa: E402

# Rule checks only, so the Ray workers start no model.
FAST = ["--src-lang", "it", "--tgt-lang", "en", "--scorer", "untranslated", "--scorer", "numbers",
        "--scorer", "length", "--scorer", "repetition", "--resamples", "200", "--trials", "200",
        # Every row is checked, never taken from an earlier run's cache, so Ray really does the work.
        "--no-cache"]
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def manifest(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return systems.build(tmp_path_factory.mktemp("raybench"))


def _bench(*args: str) -> dict:
    result = CliRunner().invoke(main, ["bench", *args, *FAST, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)  # type: ignore[no-any-return]


def test_a_local_instance_the_command_starts_gives_the_report_of_one_process_and_is_shut_down(manifest: Path) -> None:
    ray = pytest.importorskip("ray")
    args = (str(manifest), "--line-aligned", "--baseline", "reference")
    one = _bench(*args, "--jobs", "1")
    on_ray = _bench(*args, "--backend", "ray", "--jobs", "2")
    # The JSON bench report holds no timings, so the whole of it must match.
    assert on_ray == one
    assert [s["system"] for s in on_ray["systems"]][:3] == ["reference", "light", "heavy"]
    assert not ray.is_initialized()


@pytest.fixture()
def running_ray() -> Iterator[object]:
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    try:
        yield ray
    finally:
        ray.shutdown()


def test_an_instance_already_running_is_used_and_left_running_and_a_bad_row_exits_3(
    manifest: Path, running_ray: object, tmp_path: Path
) -> None:
    ray = running_ray
    # Document mode on the instance the test started: one actor per CPU of it.
    assert _bench(str(manifest), "--backend", "ray") == _bench(str(manifest))
    assert ray.is_initialized()  # type: ignore[attr-defined]
    # The rows really went to Ray: one checker actor per CPU of the instance (Ray's own actor
    # table; the public state API needs the dashboard, which the instance runs without).
    table = ray._private.state.actors()  # type: ignore[attr-defined]
    assert [a["ActorClassName"] for a in table.values()] == ["_Checker", "_Checker"]
    bad = tmp_path / "bad.tsv"
    bad.write_text(f"system\tsource\ttarget\nok\t{manifest.parent / 'source.it.txt'}\t{manifest.parent / 'light.en.txt'}\n"
                   f"short\t{manifest.parent / 'source.it.txt'}\tshort.txt\n", encoding="utf-8")
    (tmp_path / "short.txt").write_text("one line\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["bench", str(bad), "--line-aligned", *FAST, "--backend", "ray"])
    assert result.exit_code == 3
    assert "bad.tsv:3:" in result.stderr and "source 40, target 1" in result.stderr
    assert "Traceback" not in result.stderr and "RayTaskError" not in result.stderr


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_without_ray_installed_the_ray_backend_is_a_one_line_exit_4_naming_the_extra(manifest: Path) -> None:
    code = ("import sys; sys.modules['ray'] = None\n"  # makes `import ray` fail as if it were not installed
            "from mtqa.cli import main\n"
            f"main({['bench', str(manifest), *FAST, '--backend', 'ray']!r})")
    done = _python(code)
    assert done.returncode == 4, done.stderr
    assert "pip install 'mtqa[ray]'" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_ray_address_nobody_listens_on_is_a_one_line_exit_4(manifest: Path) -> None:
    pytest.importorskip("ray")
    import socket

    with socket.socket() as sock:  # a port that was free a moment ago, closed again
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = CliRunner().invoke(main, ["bench", str(manifest), *FAST, "--backend", "ray", "--ray-address", f"127.0.0.1:{port}"])
    assert result.exit_code == 4
    assert f"cannot reach the Ray cluster at --ray-address '127.0.0.1:{port}'" in result.stderr


def test_ray_address_without_the_ray_backend_is_a_usage_error(manifest: Path) -> None:
    result = CliRunner().invoke(main, ["bench", str(manifest), *FAST, "--ray-address", "auto"])
    assert result.exit_code == 2
    assert "--ray-address needs --backend ray" in result.stderr


def test_import_mtqa_and_help_never_import_ray() -> None:
    code = ("import sys, mtqa\nfrom click.testing import CliRunner\nfrom mtqa.cli import main\n"
            "assert CliRunner().invoke(main, ['--help']).exit_code == 0\n"
            "assert CliRunner().invoke(main, ['bench', '--help']).exit_code == 0\n"
            "print('ray' in sys.modules)")
    done = _python(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "False"
