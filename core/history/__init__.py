from core.history.base import HistoryStore

__all__ = ["HistoryStore"]
