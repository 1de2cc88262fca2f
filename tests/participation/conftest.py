from tests.publishing.conftest import catalogs

__all__ = ["catalogs"]
