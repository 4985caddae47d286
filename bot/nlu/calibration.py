"""CLINC150 as real out-of-scope data: loading, the mapping to our intents, metrics and threshold calibration.

Mapping (DESIGN.md §4, issue 3): ``pto_request`` -> ``leave.request``, ``pto_balance`` -> ``leave.balance``,
``pto_request_status`` -> ``leave.status``, ``pto_used`` -> ``leave.history``; every domain other than ``work``
and CLINC's own ``oos`` utterances are out of scope (``none``). The other eleven ``work`` intents (payday, w2,
taxes, insurance, meeting_schedule, schedule_meeting, next_holiday, ...) are neither ours nor clearly foreign: they
are left out of the in-scope accuracy but count as out of scope for the false-write rate (none of them may become a
write), and their routing is reported separately.

Calibration picks the gates of :class:`bot.nlu.router.Thresholds` on the *train* split only: among the settings
whose false-write rate on train is at most ``max_false_write`` (half the 1% target, as a safety margin), the one
with the best mean of (in-scope accuracy on CLINC train, out-of-fold accuracy on our own examples) wins; ties go to
the better out-of-scope recall. The validation split is only ever used to report.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from bot.nlu.catalog import NONE, WRITE_INTENTS
from bot.nlu.classifier import SoftmaxRegression, feature_matrix
from bot.nlu.router import FloatMatrix, Router, Scores, Thresholds, blend, class_similarity, decide
from knowledge.embeddings import Embedder

CLINC_TO_INTENT: dict[str, str] = {
    "pto_request": "leave.request",
    "pto_balance": "leave.balance",
    "pto_request_status": "leave.status",
    "pto_used": "leave.history",
}
IN_SCOPE_DOMAIN = "work"
UNMAPPED_PREFIX = "clinc:"
"""Gold label of the unmapped ``work`` intents, e.g. ``clinc:schedule_meeting``."""

DEFAULT_CLINC_DIR = Path(__file__).resolve().parent / "data" / "clinc150"
"""CLINC150's train and validation splits, shipped in the package (CC BY 3.0, see its README and LICENSE)."""

GRID_READ = tuple(round(float(x), 2) for x in np.arange(0.20, 0.651, 0.05))
GRID_WRITE = tuple(round(float(x), 2) for x in np.arange(0.40, 0.951, 0.05))
GRID_SIMILARITY = (0.0, 0.30, 0.35, 0.40, 0.45, 0.50)
GRID_MARGIN = (0.0, 0.1, 0.2, 0.3)
MAX_FALSE_WRITE = 0.005


@dataclass(frozen=True)
class ClincSplit:
    """One CLINC150 split mapped to our labels: an intent, ``none``, or ``clinc:<name>`` for unmapped work."""

    name: str
    texts: list[str]
    labels: list[str]


@dataclass(frozen=True)
class ClincMetrics:
    """How a set of predictions did on a :class:`ClincSplit`."""

    in_scope_accuracy: float
    in_scope_count: int
    false_write_rate: float
    false_write_count: int
    out_of_scope_count: int
    out_of_scope_recall: float
    per_intent: dict[str, float]
    unmapped_routes: dict[str, int]

    def as_dict(self) -> dict[str, object]:
        """JSON-friendly form."""
        return dict(self.__dict__)


def load_clinc(split: str, data_dir: Path = DEFAULT_CLINC_DIR) -> ClincSplit:
    """The ``train`` or ``val`` split (with CLINC's matching ``oos_*`` utterances) under our labels."""
    if split not in ("train", "val"):
        raise ValueError("split must be 'train' or 'val'")
    data = json.loads((data_dir / "train_val.json").read_text(encoding="utf-8"))
    domains: dict[str, list[str]] = json.loads((data_dir / "domains.json").read_text(encoding="utf-8"))
    work = set(domains[IN_SCOPE_DOMAIN])
    texts: list[str] = []
    labels: list[str] = []
    for text, clinc_intent in data[split] + data[f"oos_{split}"]:
        texts.append(text)
        if clinc_intent in CLINC_TO_INTENT:
            labels.append(CLINC_TO_INTENT[clinc_intent])
        elif clinc_intent in work:
            labels.append(UNMAPPED_PREFIX + clinc_intent)
        else:
            labels.append(NONE)
    return ClincSplit(name=split, texts=texts, labels=labels)


def clinc_metrics(predicted: Sequence[str], split: ClincSplit) -> ClincMetrics:
    """In-scope accuracy (mapped ``pto_*``), false-write rate (everything else), recall of ``none``."""
    in_scope = [(p, g) for p, g in zip(predicted, split.labels, strict=True) if g in CLINC_TO_INTENT.values()]
    outside = [p for p, g in zip(predicted, split.labels, strict=True) if g not in CLINC_TO_INTENT.values()]
    foreign = [p for p, g in zip(predicted, split.labels, strict=True) if g == NONE]
    per_intent = {
        intent: float(np.mean([p == g for p, g in in_scope if g == intent]))
        for intent in sorted(set(CLINC_TO_INTENT.values()))
    }
    unmapped = Counter(p for p, g in zip(predicted, split.labels, strict=True) if g.startswith(UNMAPPED_PREFIX))
    writes = sum(p in WRITE_INTENTS for p in outside)
    return ClincMetrics(
        in_scope_accuracy=float(np.mean([p == g for p, g in in_scope])) if in_scope else 0.0,
        in_scope_count=len(in_scope),
        false_write_rate=writes / len(outside) if outside else 0.0,
        false_write_count=writes,
        out_of_scope_count=len(outside),
        out_of_scope_recall=float(np.mean([p == NONE for p in foreign])) if foreign else 0.0,
        per_intent=per_intent,
        unmapped_routes=dict(unmapped.most_common()),
    )


def embed_cached(embedder: Embedder, texts: Sequence[str], cache_dir: Path | None) -> FloatMatrix:
    """``embedder.embed(texts)``, memoised on disk under ``cache_dir`` (CLINC train takes a minute to embed)."""
    if cache_dir is None:
        return embedder.embed(list(texts))
    digest = hashlib.sha256(("\n".join(texts) + "\0" + embedder.name).encode()).hexdigest()[:20]
    path = cache_dir / f"emb-{embedder.name}-{digest}.npy"
    if path.exists():
        return np.load(path).astype(np.float32)
    vectors = embedder.embed(list(texts))
    cache_dir.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def out_of_fold_scores(router: Router, folds: int = 5) -> tuple[Scores, list[str]]:
    """Scores of every training example from a model trained without it (k-fold), with the gold labels."""
    texts, labels = router.example_rows()
    vectors = router.embedder.embed(texts)
    features = feature_matrix(vectors, texts)
    classes = router.classes
    index = np.array([classes.index(label) for label in labels])
    order = np.arange(len(texts))
    fold_of = order % folds
    probs = np.zeros((len(texts), len(classes)), dtype=np.float32)
    similarity = np.zeros_like(probs)
    for fold in range(folds):
        train, test = fold_of != fold, fold_of == fold
        model = SoftmaxRegression.fit(features[train], [labels[i] for i in order[train]], classes)
        similarity[test] = class_similarity(vectors[test] @ vectors[train].T, index[train], len(classes))
        probs[test] = blend(model.predict_proba(features[test]), similarity[test])
    return Scores(classes=classes, probs=probs, similarity=similarity), labels


@dataclass(frozen=True)
class Calibration:
    """The chosen thresholds and what they give on CLINC train and on our own examples (out of fold)."""

    thresholds: Thresholds
    train: ClincMetrics
    own_accuracy: float
    candidates: int
    feasible: int


def predicted_labels(scores: Scores, thresholds: Thresholds) -> list[str]:
    """Gate ``scores`` with ``thresholds`` and name the chosen class of each row."""
    decisions = decide(scores, thresholds)
    return [scores.classes[int(i)] for i in decisions.index]


def calibrate(
    router: Router,
    data_dir: Path = DEFAULT_CLINC_DIR,
    *,
    max_false_write: float = MAX_FALSE_WRITE,
    cache_dir: Path | None = None,
) -> Calibration:
    """Grid-search the gates on CLINC train (plus out-of-fold scores of our examples); see the module docstring."""
    train = load_clinc("train", data_dir)
    clinc_scores = router.scores(train.texts, embed_cached(router.embedder, train.texts, cache_dir))
    own_scores, own_labels = out_of_fold_scores(router)
    classes = router.classes
    none_index = classes.index(NONE)
    is_write = np.array([name in WRITE_INTENTS for name in classes])
    gold = np.array([classes.index(g) if g in classes else -1 for g in train.labels])
    in_scope = np.array([g in CLINC_TO_INTENT.values() for g in train.labels])
    outside = ~in_scope
    foreign = np.array([g == NONE for g in train.labels])
    own_gold = np.array([classes.index(g) for g in own_labels])
    best: tuple[tuple[float, float], Thresholds, float] | None = None
    feasible = 0
    candidates = 0
    for read, write, similarity, margin in itertools.product(GRID_READ, GRID_WRITE, GRID_SIMILARITY, GRID_MARGIN):
        if write < read:
            continue
        candidates += 1
        thresholds = Thresholds(read=read, write=write, write_similarity=similarity, write_margin=margin)
        chosen = decide(clinc_scores, thresholds).index
        if is_write[chosen[outside]].mean() > max_false_write:
            continue
        feasible += 1
        in_scope_accuracy = float((chosen[in_scope] == gold[in_scope]).mean())
        own_accuracy = float((decide(own_scores, thresholds).index == own_gold).mean())
        recall = float((chosen[foreign] == none_index).mean())
        key = ((in_scope_accuracy + own_accuracy) / 2, recall)
        if best is None or key > best[0]:
            best = (key, thresholds, own_accuracy)
    if best is None:
        raise RuntimeError(f"no thresholds keep the CLINC train false-write rate under {max_false_write:.1%}")
    _, thresholds, own_accuracy = best
    metrics = clinc_metrics(predicted_labels(clinc_scores, thresholds), train)
    return Calibration(
        thresholds=thresholds, train=metrics, own_accuracy=own_accuracy, candidates=candidates, feasible=feasible
    )
