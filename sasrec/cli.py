"""`moviebot sasrec train|eval` (the main CLI mounts this `app`).

    moviebot sasrec train --data ../shared/data/ml-1m/sequences.txt --time-budget 3600
    moviebot sasrec train --from-history --init sasrec/checkpoints/ml1m.pt --out runs/bot.pt
    moviebot sasrec eval --checkpoint sasrec/checkpoints/ml1m.pt
"""
from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Optional

import typer

from sasrec.data import (
    DEFAULT_ML1M,
    SequenceData,
    fingerprint,
    load_data,
    merge,
    read_history_store,
    remap,
    training_split,
)
from sasrec.paths import TRAINING_CHECKPOINT

if TYPE_CHECKING:
    from sasrec.train import TrainConfig

# torch is imported inside the commands: `moviebot --help` and every serving command mount this app.

logger = logging.getLogger(__name__)

def need_torch() -> None:
    """Training needs torch, serving does not: say how to get it rather than print an ImportError."""
    try:
        import torch  # noqa: F401
    except ImportError:
        typer.echo("moviebot sasrec needs PyTorch: pip install 'moviebot[train]' (or torch on its own)", err=True)
        raise typer.Exit(2)


app = typer.Typer(help="SASRec sequential recommender: train and evaluate.", no_args_is_help=True)


def catalog_map_for(data_path: Path) -> dict[str, str] | None:
    """ML-1M in SASRec id space (sas_to_original_items.txt + movies.dat beside it) -> IMDb map."""
    folder = data_path if data_path.is_dir() else data_path.parent
    if not ((folder / "sas_to_original_items.txt").exists() and (folder / "movies.dat").exists()):
        return None
    from sasrec.catalog_map import build_catalog_map

    return build_catalog_map(folder / "movies.dat", folder / "sas_to_original_items.txt").mapping


async def history_data() -> SequenceData:
    """The bot's history store (watched + liked) in IMDb id space."""
    from core.config import Settings
    from core.services import open_history_store

    store = await open_history_store(Settings())
    try:
        return await read_history_store(store)
    finally:
        await store.close()


def imdb_keys(checkpoint: dict) -> list[str]:
    """IMDb id of every row of a checkpoint ('' where unknown)."""
    cmap = checkpoint.get("catalog_map")
    items = checkpoint["item_map"]
    if cmap:
        return [cmap.get(raw, "") if i else "" for i, raw in enumerate(items)]
    if checkpoint.get("id_space") == "imdb":
        return list(items)
    return ["" for _ in items]


def run_train(
    data: SequenceData,
    cfg: TrainConfig,
    out: Path,
    id_space: str = "raw",
    catalog_map: dict[str, str] | None = None,
    init: Path | None = None,
    progress: bool = True,
) -> dict:
    """Train (or fine-tune from `init`), write the best-by-validation checkpoint, return a summary."""
    from sasrec.api import export_numpy, load, load_raw, save_checkpoint
    from sasrec.evaluate import full_ranking
    from sasrec.train import train, transfer

    model = None
    if init is not None:
        blob = load_raw(init)
        old = load(init).net
        old_keys = imdb_keys(blob) if id_space == "imdb" else list(blob["item_map"])
        model = transfer(old, old_keys, data.item_map, seed=cfg.seed)
    train_fp = fingerprint(training_split(data.sequences))

    def save(net, metrics: dict) -> None:
        save_checkpoint(out, net, data.item_map, train_fp, metrics, asdict(cfg), id_space, catalog_map,
                        extra={"init": str(init) if init else None})

    res = train(data.sequences, data.num_items, cfg, init=model,
                on_improve=lambda net, epoch, val: save(net, {**val, "best_epoch": epoch}), progress=progress)
    test = full_ranking(res.model, data.sequences, "test")
    metrics = {**res.best_val, "best_epoch": res.best_epoch, "epochs_run": res.epochs_run,
               "seconds_per_epoch": res.seconds_per_epoch, "total_training_seconds": res.train_seconds,
               "test_ndcg@10": test.ndcg, "test_hr@10": test.hr}
    save(res.model, metrics)
    export_numpy(out)  # the serving copy beside it: SASREC_CHECKPOINT=<out>.npz scores without torch
    return {"checkpoint": str(out), "users": len(data.sequences), "items": data.num_items, **metrics}


@app.command("train")
def train_cmd(
    data: Optional[Path] = typer.Option(None, "--data", help="sequences.txt, user-item file, ratings.dat/.csv or .inter (auto-detected)"),
    device: str = typer.Option("auto", "--device", help="cpu | cuda | auto"),
    time_budget: Optional[float] = typer.Option(None, "--time-budget", help="stop after this many seconds"),
    epochs: int = typer.Option(200, "--epochs"),
    maxlen: int = typer.Option(200, "--maxlen"),
    dim: int = typer.Option(64, "--dim"),
    layers: int = typer.Option(2, "--layers"),
    heads: int = typer.Option(1, "--heads"),
    dropout: float = typer.Option(0.2, "--dropout"),
    lr: float = typer.Option(1e-3, "--lr"),
    batch_size: int = typer.Option(128, "--batch-size"),
    loss: str = typer.Option("full", "--loss", help="full (softmax CE over all items) | sampled"),
    negatives: int = typer.Option(256, "--negatives", help="negatives per batch for --loss sampled"),
    sampler: str = typer.Option("uniform", "--sampler", help="uniform | popularity (logQ-corrected)"),
    patience: int = typer.Option(10, "--patience", help="evaluations without validation NDCG@10 gain"),
    out: Path = typer.Option(Path("runs/sasrec.pt"), "--out"),
    from_history: bool = typer.Option(False, "--from-history", help="train on the bot's history store (IMDb ids)"),
    init: Optional[Path] = typer.Option(None, "--init", help="fine-tune from this checkpoint"),
    threads: Optional[int] = typer.Option(None, "--threads"),
    bf16: bool = typer.Option(False, "--bf16/--no-bf16", help="bf16 autocast for training matmuls"),
    seed: int = typer.Option(42, "--seed"),
    progress: bool = typer.Option(True, "--progress/--no-progress"),
) -> None:
    """Train SASRec; the checkpoint is chosen on validation NDCG@10 only."""
    need_torch()
    from sasrec.train import TrainConfig, resolve_device

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    cfg = TrainConfig(maxlen=maxlen, dim=dim, layers=layers, heads=heads, dropout=dropout, lr=lr,
                      batch_size=batch_size, epochs=epochs, patience=patience, loss=loss, negatives=negatives,
                      sampler=sampler, time_budget=time_budget, device=str(resolve_device(device)),
                      seed=seed, threads=threads, bf16=bf16)
    catalog_map = None
    if from_history:
        seqs = asyncio.run(history_data())
        if data is not None:
            base = load_data(data)
            cmap = catalog_map_for(data)
            base = remap(base, cmap) if cmap else base  # into IMDb id space
            seqs = merge(base, seqs)
        id_space = "imdb"
    else:
        path = data or DEFAULT_ML1M
        seqs = load_data(path)
        catalog_map = catalog_map_for(path)
        id_space = "ml1m-sasrec" if catalog_map else "raw"
    if not seqs.sequences:
        raise typer.BadParameter("no training sequences")
    summary = run_train(seqs, cfg, out, id_space, catalog_map, init, progress)
    typer.echo(json.dumps(summary, indent=2))


@app.command("eval")
def eval_cmd(
    checkpoint: Path = typer.Option(TRAINING_CHECKPOINT, "--checkpoint"),
    data: Path = typer.Option(DEFAULT_ML1M, "--data"),
    threads: Optional[int] = typer.Option(None, "--threads"),
) -> None:
    """Leave-one-out metrics (full ranking and sampled-100, validation and test) as JSON."""
    need_torch()
    import torch

    from sasrec.api import load
    from sasrec.evaluate import evaluate_all

    if threads:
        torch.set_num_threads(threads)
    model = load(checkpoint)
    seqs = load_data(data)
    if seqs.item_map != model.item_map:
        seqs = remap(seqs, item_map=model.item_map)  # express the data in the checkpoint's ids
    metrics = evaluate_all(model.net, seqs.sequences)
    same = model.fingerprint == fingerprint(training_split(seqs.sequences))
    typer.echo(json.dumps({"checkpoint": str(checkpoint), "trained_on_this_data": same, **metrics}, indent=2))


@app.command("export")
def export_cmd(
    checkpoint: Path = typer.Option(TRAINING_CHECKPOINT, "--checkpoint"),
    out: Optional[Path] = typer.Option(None, "--out", help="default: the checkpoint's name with .npz"),
) -> None:
    """Write the NumPy serving copy (.npz) of a training checkpoint; the bot scores with it without torch."""
    need_torch()
    from sasrec.api import export_numpy

    typer.echo(export_numpy(checkpoint, out))
