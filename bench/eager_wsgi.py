"""bench/memory.py's baselines: the WSGI application with heavy modules imported at start (BENCH_EAGER, comma-
separated module names), as when gongkai.search.pinyin imported pypinyin at module level."""

import importlib
import os

for name in filter(None, os.environ.get("BENCH_EAGER", "").split(",")):
    importlib.import_module(name)

from gongkai.wsgi import application

__all__ = ["application"]
