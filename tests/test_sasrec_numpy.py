"""NumPy serving must score exactly like the torch model it was exported from, and keep torch out of serving."""
from __future__ import annotations

import random
import subprocess
import sys

import numpy as np
import pytest

from core.config import REPO_ROOT
from sasrec.api import export_numpy, load
from sasrec.inference import NumpySASRec
from sasrec.paths import SERVING_CHECKPOINT, TRAINING_CHECKPOINT
from sasrec.recommender import CatalogRecommender


@pytest.fixture(scope="module")
def pair(tmp_path_factory):
    out = export_numpy(TRAINING_CHECKPOINT, tmp_path_factory.mktemp("npz") / "m.npz")
    return load(TRAINING_CHECKPOINT), NumpySASRec(out)


@pytest.mark.parametrize("length", [1, 2, 7, 60, 200, 450])  # 450 > maxlen: only the newest items count
def test_numpy_scores_equal_torch_scores(pair, length):
    torch_model, np_model = pair
    rng = random.Random(length)
    history = [rng.randint(1, np_model.num_items) for _ in range(length)]
    expected = torch_model.score([history])[0].numpy()
    got = np_model.get_predictions(history)
    assert got[0] == -np.inf
    np.testing.assert_allclose(got[1:], expected[1:], atol=1e-4)
    exclude = history[:3]
    assert [i for i, _ in np_model.recommend(history, 10, exclude=exclude)] == \
           [i for i, _ in torch_model.recommend(history, 10, exclude=exclude)]


def test_shipped_serving_copy_matches_the_training_checkpoint(pair):
    """A retrained ml1m.pt with a stale ml1m.npz beside it would serve the old model: this fails then."""
    _, fresh = pair
    shipped = NumpySASRec(SERVING_CHECKPOINT)
    assert shipped.meta["fingerprint"] == fresh.meta["fingerprint"]
    for name, weights in fresh.w.items():
        np.testing.assert_array_equal(shipped.w[name], weights, err_msg=name)


def test_catalog_recommender_gives_the_same_picks_from_either_file():
    history = ["tt0114709", "tt0103639", "tt0110357"]  # Toy Story, Aladdin, The Lion King
    a, b = CatalogRecommender(TRAINING_CHECKPOINT), CatalogRecommender(SERVING_CHECKPOINT)
    assert len(a) == len(b) >= 3000
    assert [i for i, _ in a.rank(history, 10)] == [i for i, _ in b.rank(history, 10)]
    allowed = [i for i, _ in a.rank(history, 50)][10:40]
    assert [i for i, _ in a.rank(history, 5, allowed=allowed)] == [i for i, _ in b.rank(history, 5, allowed=allowed)]


def test_serving_imports_neither_torch_nor_langgraph():
    code = ("import sys, moviebot.cli, core.pipeline; from sasrec.recommender import CatalogRecommender as C; "
            "C(); print(sorted(m for m in ('torch', 'langgraph', 'openai') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
