"""`import mtqa.cli` and `mtqa --help` must not import torch or transformers (STYLE.md rule 5)."""

from __future__ import annotations

import subprocess
import sys

import pytest

HEAVY = ("torch", "transformers")


@pytest.mark.parametrize(
    "code",
    [
        "import mtqa, mtqa.cli",
        "import sys; sys.argv = ['mtqa', '--help']\nfrom mtqa.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass",
        "import sys; sys.argv = ['mtqa', 'check', '--help']\nfrom mtqa.cli import main\ntry:\n    main()\nexcept SystemExit:\n    pass",
    ],
)
def test_cli_does_not_import_heavy_modules(code: str) -> None:
    probe = code + "\nimport sys\nprint('HEAVY=' + ','.join(m for m in %r if m in sys.modules))" % (HEAVY,)
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip().splitlines()[-1] == "HEAVY="
