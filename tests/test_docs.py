"""The README's set-up commands are the ones CI runs, and its sessions name real commands."""

from __future__ import annotations

import re
from pathlib import Path

from mtqa.cli import main

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def setup_commands() -> list[str]:
    section = README.split("## Set-up (two commands)", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```console\n(.+?)\n```", section)


def test_two_setup_commands_and_ci_runs_the_test_one() -> None:
    install_and_demo, install_and_test = setup_commands()
    assert "mtqa check corpora/rekognition/source.it.txt corpora/rekognition/target.en.txt" in install_and_demo
    assert "-o demo-report.html" in install_and_demo
    assert "pytest" in install_and_test
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert install_and_test in ci.splitlines()


def test_readme_sessions_use_existing_commands() -> None:
    used = set(re.findall(r"^\$ mtqa (\w+)", README, flags=re.M))
    assert used <= set(main.commands)
    assert {"check", "score", "align", "models"} <= used
