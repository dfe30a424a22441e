"""SASRec package tests on ML-100k (fast: small dims, few epochs, 1-2 threads)."""
from __future__ import annotations

import asyncio
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
import torch

import sasrec
from sasrec.api import save_checkpoint
from sasrec.data import DEFAULT_ML100K, fingerprint, load_data, read_history_store, training_split
from sasrec.evaluate import full_ranking, popularity_baseline, sampled_ranking
from sasrec.model import SASRec, SASRecConfig, left_pad
from sasrec.train import TrainConfig, train

torch.set_num_threads(1)

SHIPPED = Path(sasrec.DEFAULT_CHECKPOINT)

pytestmark = pytest.mark.skipif(not DEFAULT_ML100K.exists(), reason="ML-100k not available")


@pytest.fixture(scope="module")
def ml100k():
    return load_data(DEFAULT_ML100K)


@pytest.fixture(scope="module")
def trained(ml100k):
    cfg = TrainConfig(maxlen=50, dim=32, epochs=3, lr=5e-3, batch_size=64, dropout=0.2, patience=10, threads=1)
    return train(ml100k.sequences, ml100k.num_items, cfg, progress=False)


@pytest.fixture(scope="module")
def model_file(trained, ml100k, tmp_path_factory):
    path = tmp_path_factory.mktemp("ckpt") / "m.pt"
    fp = fingerprint(training_split(ml100k.sequences))
    save_checkpoint(path, trained.model, ml100k.item_map, fp, {"val_ndcg@10": trained.best_val["val_ndcg@10"]}, id_space="raw")
    return path


def test_readers_detect_formats_and_sort_by_time(tmp_path):
    (tmp_path / "ratings.dat").write_text("1::20::5::300\n1::10::4::100\n2::30::3::50\n1::30::1::200\n")
    d = load_data(tmp_path / "ratings.dat")
    assert [[d.item_map[i] for i in s] for s in d.sequences] == [["10", "30", "20"], ["30"]]
    (tmp_path / "ratings.csv").write_text("userId,movieId,rating,timestamp\n7,5,4,9\n7,6,4,1\n")
    d = load_data(tmp_path / "ratings.csv")
    assert [d.item_map[i] for i in d.sequences[0]] == ["6", "5"]
    (tmp_path / "x.inter").write_text("user_id:token\titem_id:token\trating:float\ttimestamp:float\na\tq\t1\t5\na\tp\t1\t2\n")
    d = load_data(tmp_path / "x.inter")
    assert [d.item_map[i] for i in d.sequences[0]] == ["p", "q"]
    (tmp_path / "pairs.txt").write_text("1 3\n1 1\n2 2\n")
    d = load_data(tmp_path / "pairs.txt")
    assert [[d.item_map[i] for i in s] for s in d.sequences] == [["3", "1"], ["2"]]
    (tmp_path / "sequences.txt").write_text("1 2 3\n3 1\n")
    d = load_data(tmp_path / "sequences.txt")
    assert d.sequences == [[1, 2, 3], [3, 1]] and d.num_items == 3


def test_training_lowers_loss_and_beats_popularity(trained, ml100k):
    losses = [row["loss"] for row in trained.history]
    assert losses[-1] < losses[0] - 0.1
    ours = full_ranking(trained.model, ml100k.sequences, "test")
    pop = popularity_baseline(ml100k.sequences, ml100k.num_items, "test")
    assert ours.users == pop.users == 943
    assert ours.ndcg > pop.ndcg * 1.2, (ours, pop)
    sampled = sampled_ranking(trained.model, ml100k.sequences, "test")
    assert sampled.hr > ours.hr  # 100 negatives is an easier task than all items


def test_padding_row_stays_zero_after_training(trained):
    assert torch.count_nonzero(trained.model.item_emb.weight[0]) == 0
    assert torch.count_nonzero(trained.model.item_emb.weight[1]) > 0


def test_left_padding_invariance(trained):
    net = trained.model.eval()
    hist = [5, 17, 3, 99, 250]
    a = net.get_predictions(left_pad([hist], 50))
    b = net.get_predictions(torch.tensor([[0] * 30 + hist]))
    c = net.get_predictions(left_pad([hist, list(range(1, 41))], 50))[:1]
    assert torch.allclose(a[:, 1:], b[:, 1:], atol=1e-5)
    assert torch.allclose(a[:, 1:], c[:, 1:], atol=1e-5)
    # a longer history than maxlen is cut to the newest maxlen items
    long = list(range(1, 80))
    assert torch.allclose(net.get_predictions(left_pad([long], 10**6))[:, 1:],
                          net.get_predictions(left_pad([long[-50:]], 50))[:, 1:], atol=1e-5)


def test_causal_mask_future_items_do_not_leak():
    torch.manual_seed(0)
    net = SASRec(SASRecConfig(num_items=30, maxlen=8, dim=16, layers=2, heads=2, dropout=0.0)).eval()
    x = torch.tensor([[0, 0, 4, 7, 9, 11, 2, 5]])
    y = x.clone()
    y[0, 5] = 23
    hx, hy = net.hidden(x), net.hidden(y)
    assert torch.allclose(hx[:, :5], hy[:, :5], atol=1e-6)
    assert not torch.allclose(hx[:, 5:], hy[:, 5:], atol=1e-4)
    all_pad = net.hidden(torch.zeros(2, 8, dtype=torch.long))
    assert not torch.isnan(all_pad).any()


def test_sampled_softmax_option_trains(ml100k):
    small = ml100k.sequences[:300]
    cfg = TrainConfig(maxlen=30, dim=16, epochs=2, lr=5e-3, loss="sampled", negatives=64, sampler="popularity", threads=1)
    res = train(small, ml100k.num_items, cfg, progress=False)
    assert res.history[-1]["loss"] < res.history[0]["loss"]
    assert torch.count_nonzero(res.model.item_emb.weight[0]) == 0


class _Oracle(torch.nn.Module):
    """Scores history items highest, then each user's target: exclusion decides the rank."""

    def __init__(self, targets: dict[tuple[int, ...], int], n: int) -> None:
        super().__init__()
        self.w = torch.nn.Parameter(torch.zeros(1))
        self.config = SASRecConfig(num_items=n, maxlen=50)
        self.targets = targets

    def get_predictions(self, seq: torch.Tensor) -> torch.Tensor:
        out = torch.zeros(seq.size(0), self.config.num_items + 1)
        for r, row in enumerate(seq.tolist()):
            hist = tuple(i for i in row if i)
            out[r, list(hist)] = 10.0
            out[r, self.targets[hist]] = 5.0
        return out


def test_full_ranking_excludes_input_items():
    seqs = [[1, 2, 3, 4], [5, 6, 7]]
    targets = {(1, 2, 3): 4, (5, 6): 7, (1, 2): 3, (5,): 6}
    m = full_ranking(_Oracle(targets, 10), seqs, "test")
    assert m.ndcg == pytest.approx(1.0) and m.hr == 1.0 and m.users == 2
    v = full_ranking(_Oracle(targets, 10), seqs, "val")
    assert v.ndcg == pytest.approx(1.0)
    wrong = {k: (v + 1) % 10 or 1 for k, v in targets.items()}
    assert full_ranking(_Oracle(wrong, 10), seqs, "test").ndcg < 1.0


def test_checkpoint_round_trip(model_file, trained, ml100k):
    m = sasrec.load(model_file)
    hists = [ml100k.sequences[0][:-1], ml100k.sequences[5][:-1]]
    with torch.inference_mode():
        ref = trained.model.eval().get_predictions(left_pad(hists, 50))
    assert torch.allclose(m.score(hists)[:, 1:], ref[:, 1:], atol=1e-5)
    assert m.score(hists).shape == (2, ml100k.num_items + 1)
    assert m.score(hists)[0, 0] == float("-inf")
    assert m.item_map == ml100k.item_map
    assert m.fingerprint == fingerprint(training_split(ml100k.sequences))
    assert m.metrics["val_ndcg@10"] == pytest.approx(trained.best_val["val_ndcg@10"])
    blob = torch.load(model_file, weights_only=True)
    assert blob["config"]["dim"] == 32


def test_recommend_honours_allowed_and_exclude(model_file):
    m = sasrec.load(model_file)
    hist = [10, 20, 30, 40]
    top = m.recommend(hist, k=20)
    assert len(top) == 20 and not {i for i, _ in top} & set(hist)
    scores = [s for _, s in top]
    assert scores == sorted(scores, reverse=True)
    ex = [top[0][0], top[1][0]]
    assert not {i for i, _ in m.recommend(hist, 20, exclude=ex)} & set(ex + hist)
    allowed = [10, 55, 66, 77, 0]
    got = m.recommend(hist, 10, allowed=allowed)
    assert {i for i, _ in got} == {55, 66, 77}


def _shipped_or_none() -> Path | None:
    if SHIPPED.exists() and torch.load(SHIPPED, weights_only=True).get("catalog_map"):
        return SHIPPED
    return None


def test_catalog_recommender_in_imdb_space(model_file, tmp_path):
    path = _shipped_or_none()
    if path is None:  # fall back to a tiny checkpoint with a fake catalog map
        blob = torch.load(model_file, weights_only=True)
        blob["catalog_map"] = {raw: f"tt{int(raw):07d}" for raw in blob["item_map"][1:300] if raw}
        path = tmp_path / "with_map.pt"
        torch.save(blob, path)
    rec = sasrec.CatalogRecommender(path)
    ids = list(rec._to_id)[:6]
    hist = ids[:4]
    assert rec.known(["tt9999999", *hist]) == hist
    out = rec.rank(["tt9999999", *hist], k=10)
    assert len(out) == 10 and all(i.startswith("tt") for i, _ in out)
    assert not {i for i, _ in out} & set(hist)
    allowed = ids[3:6] + ["tt9999999"]
    got = rec.rank(hist, k=10, allowed=allowed, exclude=[ids[5]])
    assert {i for i, _ in got} == {ids[4]}
    assert rec.rank(["tt9999999"], k=5) == []
    assert rec.rank([], k=5) == []


def test_shipped_checkpoint_maps_classics():
    path = _shipped_or_none()
    if path is None:
        pytest.skip("shipped checkpoint not built yet")
    rec = sasrec.CatalogRecommender(path)
    assert len(rec) >= 2800
    # Toy Story, The Usual Suspects, Raiders of the Lost Ark
    assert rec.known(["tt0114709", "tt0114814", "tt0082971"]) == ["tt0114709", "tt0114814", "tt0082971"]
    recs = rec.rank(["tt0114709", "tt0120363"], k=20)  # Toy Story 1 and 2
    assert len(recs) == 20 and "tt0114709" not in {i for i, _ in recs}


class _FakeStore:
    """Just the `export()` part of core.history.base.HistoryStore."""

    def __init__(self, rows):
        self.rows = rows

    async def export(self):
        for r in self.rows:
            yield r

    async def close(self) -> None:
        return None


def _history_rows():
    from core.models import Interaction, InteractionKind

    t0 = datetime(2024, 1, 1, tzinfo=timezone.utc)
    films = [f"tt{n:07d}" for n in range(1, 13)]
    rows = []
    for u in range(12):
        seq = films[u % 4 :] + films[: u % 4]
        for j, f in enumerate(seq[:8]):
            rows.append(Interaction(user_id=f"u{u}", movie_id=f, kind=InteractionKind.WATCHED,
                                    created_at=t0 + timedelta(days=u, minutes=j)))
        rows.append(Interaction(user_id=f"u{u}", movie_id=seq[0], kind=InteractionKind.LIKED,
                                created_at=t0 + timedelta(days=u, minutes=30)))
        rows.append(Interaction(user_id=f"u{u}", movie_id=seq[9], kind=InteractionKind.NOT_INTERESTED,
                                created_at=t0 + timedelta(days=u, minutes=31)))
    return rows


async def _fill_sqlite(rows, path: Path) -> bool:
    """Write rows into the real SQLite history store; False if that store is not available."""
    try:
        from core.history.sqlite import SQLiteHistoryStore
    except ImportError:
        return False
    store = await SQLiteHistoryStore.open(path)
    try:
        for r in reversed(rows):  # insertion order must not matter: export sorts by time
            await store.add(r)
    finally:
        await store.close()
    return True


def test_from_history_trains_in_imdb_space(tmp_path, monkeypatch):
    from sasrec.cli import history_data, run_train

    rows = _history_rows()
    db = tmp_path / "history.sqlite3"
    if asyncio.run(_fill_sqlite(rows, db)):
        monkeypatch.setenv("HISTORY_BACKEND", "sqlite")
        monkeypatch.setenv("HISTORY_PATH", str(db))
        data = asyncio.run(history_data())  # the CLI's path: Settings() -> open_history_store
    else:
        data = asyncio.run(read_history_store(_FakeStore(rows)))
    assert len(data.sequences) == 12 and all(len(s) == 8 for s in data.sequences)  # liked dup + not_interested dropped
    first = {u: data.item_map[s[0]] for u, s in zip(data.user_ids, data.sequences)}
    assert first["u0"] == "tt0000001" and first["u1"] == "tt0000002"
    out = tmp_path / "bot.pt"
    summary = run_train(data, TrainConfig(maxlen=10, dim=8, epochs=2, threads=1), out, id_space="imdb", progress=False)
    assert summary["checkpoint"] == str(out)
    rec = sasrec.CatalogRecommender(out)
    got = rec.rank(["tt0000001", "tt0000002", "tt0000404"], k=3)
    assert len(got) == 3 and not {i for i, _ in got} & {"tt0000001", "tt0000002"}


def test_many_histories_are_scored_in_length_buckets_but_returned_in_input_order():
    model = sasrec.load(sasrec.DEFAULT_CHECKPOINT)
    rng = random.Random(7)
    histories = [[rng.randint(1, model.num_items) for _ in range(rng.randint(1, 250))] for _ in range(300)]
    together = model.score(histories, batch_size=64)  # bucketed by length
    one_by_one = torch.cat([model.score([h]) for h in histories])
    assert together.shape == (300, model.num_items + 1)
    assert torch.allclose(together, one_by_one, atol=1e-4)
