from tests.publishing.conftest import catalogs  # noqa: F401  (the units' catalogs, for item fixtures)
