"""Where the shipped checkpoints live; a module of its own so that naming them imports neither torch nor NumPy."""
from pathlib import Path

CHECKPOINTS = Path(__file__).resolve().parent / "checkpoints"
TRAINING_CHECKPOINT = CHECKPOINTS / "ml1m.pt"  # torch; what `moviebot sasrec train/eval` read and write
SERVING_CHECKPOINT = CHECKPOINTS / "ml1m.npz"  # its NumPy export; what the bot scores with
