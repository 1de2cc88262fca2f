"""Demo data of this app (`gongkai load_demo`): idempotent."""


def load(report) -> None:
    """Filled in by the app's demo records."""
