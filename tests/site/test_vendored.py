"""The ALTCHA widget served on public forms is the pinned npm package's own build, unchanged."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
VENDORED = ROOT / "gongkai/site/static/vendor/altcha"
PACKAGE = ROOT / "node_modules/altcha"


def test_the_vendored_widget_is_the_pinned_release():
    pinned = json.loads((ROOT / "package.json").read_text())["devDependencies"]["altcha"]
    if not PACKAGE.exists():
        pytest.skip("node_modules not installed (make test installs it)")
    assert json.loads((PACKAGE / "package.json").read_text())["version"] == pinned
    for name in ("altcha.js", "altcha.css", "worker.js"):
        assert (VENDORED / name).read_bytes() == (PACKAGE / "dist_external" / name).read_bytes(), name
    assert (VENDORED / "LICENSE.txt").exists()
