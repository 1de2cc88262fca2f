"""`gongkai` console script: the project's manage.py."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
    # A scanner run by its timer that got here finished without error (a failure exits above): its last
    # success is exported to Prometheus (gongkai.core.metrics). Dry runs change nothing and do not count.
    if len(sys.argv) > 1 and "--dry-run" not in sys.argv:
        from gongkai.core import metrics

        if sys.argv[1] in metrics.SCANNERS:
            metrics.record_scanner_success(sys.argv[1])


if __name__ == "__main__":
    main()
