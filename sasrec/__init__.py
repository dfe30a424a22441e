"""SASRec sequential recommender: model, training, leave-one-out evaluation and the product API.

    import sasrec
    m = sasrec.load("sasrec/checkpoints/ml1m.pt")
    m.score([[1, 2, 3]])          # [1, num_items + 1], column 0 = padding (-inf)
    m.recommend([1, 2, 3], k=10)  # [(item, score)], history excluded

Names resolve on first use, so that `import sasrec.<module>` (the CLI, NumPy serving) never imports torch.
"""
from importlib import import_module

_EXPORTS = {
    "DEFAULT_CHECKPOINT": "sasrec.api",
    "SASRecModel": "sasrec.api",
    "load": "sasrec.api",
    "save_checkpoint": "sasrec.api",
    "export_numpy": "sasrec.api",
    "CatalogRecommender": "sasrec.recommender",
    "SASRec": "sasrec.model",
    "SASRecConfig": "sasrec.model",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(f"module 'sasrec' has no attribute {name!r}")
