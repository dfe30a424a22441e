from core.catalog.base import Catalog, Vocabulary

__all__ = ["Catalog", "Vocabulary"]
