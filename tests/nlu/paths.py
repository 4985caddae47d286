"""Where the NLU tests' data lives (inside the repository, never ../shared)."""

from __future__ import annotations

from pathlib import Path

from bot.nlu.calibration import DEFAULT_CLINC_DIR

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
DEV_SET = DATA_DIR / "nlu_dev.jsonl"
FRESH_SETS = (DATA_DIR / "nlu_fresh_tuning.jsonl", DATA_DIR / "nlu_fresh_heldout.jsonl")
CLINC_DIR = DEFAULT_CLINC_DIR
