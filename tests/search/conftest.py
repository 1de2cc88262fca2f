from tests.publishing.conftest import catalogs  # noqa: F401 - shared fixture
