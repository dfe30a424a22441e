"""SASRec sequential recommender: model, training, leave-one-out evaluation and the product API.

    import sasrec
    m = sasrec.load("sasrec/checkpoints/ml1m.pt")
    m.score([[1, 2, 3]])          # [1, num_items + 1], column 0 = padding (-inf)
    m.recommend([1, 2, 3], k=10)  # [(item, score)], history excluded
"""
from sasrec.api import DEFAULT_CHECKPOINT, CatalogRecommender, SASRecModel, load, save_checkpoint
from sasrec.model import SASRec, SASRecConfig

__all__ = [
    "DEFAULT_CHECKPOINT",
    "CatalogRecommender",
    "SASRec",
    "SASRecConfig",
    "SASRecModel",
    "load",
    "save_checkpoint",
]
