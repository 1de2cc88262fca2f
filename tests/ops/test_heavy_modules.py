"""A web worker that loads the application, its URLs (every view module) and the modules a search or a PDF
notice goes through holds neither pypinyin (~55 MB of dictionaries) nor WeasyPrint until a function that needs
them runs (spelling a word in pinyin; rendering a PDF)."""

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ["pypinyin", "weasyprint"]

PROBE = """
import json, sys
from gongkai.wsgi import application
from django.urls import get_resolver
from django.apps import apps
get_resolver().url_patterns  # imports every view module
import gongkai.api, gongkai.site.views
import gongkai.search.service, gongkai.search.pinyin, gongkai.search.index, gongkai.core.documents
print(json.dumps([name for name in %r if name in sys.modules]))
"""


def test_loading_the_application_imports_no_heavy_module():
    env = {**os.environ, "PYTHONPATH": str(ROOT), "GONGKAI_DEBUG": "1", "GONGKAI_LOG_FORMAT": "text"}
    done = subprocess.run(
        [sys.executable, "-c", PROBE % HEAVY], env=env, cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []


def test_spelling_a_word_loads_pypinyin_where_used():
    from gongkai.search.pinyin import spell

    assert spell("社保") == ("shebao", "sb")
    assert "pypinyin" in sys.modules
