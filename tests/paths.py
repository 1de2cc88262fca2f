"""Files the tests read: the seed document (a copy ships with the supervision app, so a clone without the
shared folder still has it)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "gongkai" / "supervision" / "data" / "linyi-2019-work-points.txt"
SHARED_SEED = ROOT.parent / "shared" / "seed" / "000_7246108bc72e3517.txt"
