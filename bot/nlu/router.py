"""The offline intent router: text -> ``Route(skill, intent, slots, confidence, lang)``, logged for replay.

How a message is routed (docs/nlu.md has the measurements behind every number):

1. the language is detected per message, with the Slack locale as a prior (``bot.nlu.language``);
2. misspelt key words are put right (``skills.common.extract.spelling``: "vaction" → "vacation"); then a small
   classifier (``bot.nlu.classifier``) trained on every skill's example utterances plus out-of-scope
   examples gives a probability per intent and for ``none``;
3. out-of-scope gates calibrated on CLINC150's train split: the best intent's *skill* probability must reach
   ``read``; a write intent must also reach the higher ``write`` bar, be close enough to its own examples
   (``write_similarity``) and beat the runner-up by ``write_margin``. A write that fails falls back to
   ``policy.ask`` when that is the best remaining intent (it only answers), else to ``none``;
4. text shaped like code, a query, markup, a stack trace or a string of symbols, or with no letter at all ("2"),
   (``bot.nlu.junk``) is ``none``;
5. slots come from the deterministic extractors in ``skills.common.extract``, limited to the chosen intent's.

Every decision is logged as one JSON line on the ``backoffice.routing`` logger (the text, or its sha256 when
``hash_text`` is on), so real traffic can be replayed with ``backoffice eval``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from bot.nlu.catalog import (
    INTENTS,
    NONE,
    SLOTS_BY_INTENT,
    WRITE_INTENTS,
    Examples,
    fix_key_words,
    skill_of,
    training_examples,
)
from bot.nlu.classifier import FEATURE_VERSION, ITERATIONS, L2, SoftmaxRegression, feature_matrix, softmax
from bot.nlu.currencies import amounts_as_examples
from bot.nlu.junk import looks_like_junk, says_no_words
from knowledge.embeddings import Embedder, get_embedder
from skills.common.language import detect_language

log = logging.getLogger(__name__)
routing_log = logging.getLogger("backoffice.routing")

POLICY_INTENT = "policy.ask"
SIMILARITY_NEIGHBOURS = 2
"""Class similarity = mean cosine of this many nearest examples of the class (kNN vote and write gate)."""
KNN_WEIGHT = 0.3
KNN_TEMPERATURE = 0.05
"""The class probabilities blend the classifier (0.7) with a softmax of class similarities at this temperature."""
SCORE_CACHE_SIZE = 1024
"""Messages whose scores a router keeps (exact text after spelling fixes): "hi", "help", "yes" are not embedded again."""

FloatMatrix = npt.NDArray[np.float32]
IntArray = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Thresholds:
    """Out-of-scope gates: minimum skill probability for any intent and the extra bars for write intents."""

    read: float
    write: float
    write_similarity: float
    write_margin: float

    def as_dict(self) -> dict[str, float]:
        """The thresholds as a plain dict (for logs and reports)."""
        return {
            "read": self.read,
            "write": self.write,
            "write_similarity": self.write_similarity,
            "write_margin": self.write_margin,
        }


THRESHOLDS: dict[str, Thresholds] = {
    "use-m3": Thresholds(read=0.25, write=0.60, write_similarity=0.0, write_margin=0.0),
    "minilm-int8": Thresholds(read=0.25, write=0.60, write_similarity=0.0, write_margin=0.0),
}
"""Calibrated per embedder with ``bot.nlu.calibration`` on CLINC150's train split (see docs/nlu.md)."""


@dataclass(frozen=True)
class Route:
    """What the router understood of one message."""

    skill: str
    intent: str
    slots: dict[str, Any]
    confidence: float
    lang: str
    text: str = ""

    @property
    def is_write(self) -> bool:
        """True when the intent changes the database once confirmed."""
        return self.intent in WRITE_INTENTS

    def to_json(self) -> dict[str, Any]:
        """The ``backoffice nlu`` contract: ``{"text", "intent", "skill", "confidence", "lang", "slots"}``."""
        return {
            "text": self.text,
            "intent": self.intent,
            "skill": self.skill,
            "confidence": round(float(self.confidence), 4),
            "lang": self.lang,
            "slots": self.slots,
        }


@dataclass(frozen=True)
class Scores:
    """Raw classifier output for a batch: probabilities per class and nearest-example similarity per class."""

    classes: tuple[str, ...]
    probs: FloatMatrix
    similarity: FloatMatrix


@dataclass(frozen=True)
class Decisions:
    """The gated decision for each row of a :class:`Scores`: class index and confidence."""

    index: IntArray
    confidence: FloatMatrix
    raw_index: IntArray = field(repr=False)


SlotExtractor = Callable[..., Mapping[str, Any]]


def _load_slot_extractor() -> SlotExtractor | None:
    try:
        from skills.common.extract import extract_slots
    except ImportError:  # the extractors are optional for routing itself
        return None
    return extract_slots


def class_similarity(cosine: FloatMatrix, labels: IntArray, n_classes: int) -> FloatMatrix:
    """Per class, the mean cosine of the ``SIMILARITY_NEIGHBOURS`` nearest examples of that class."""
    similarity = np.zeros((cosine.shape[0], n_classes), dtype=np.float32)
    for index in range(n_classes):
        columns = cosine[:, labels == index]
        if columns.shape[1] == 0:
            continue
        k = min(SIMILARITY_NEIGHBOURS, columns.shape[1])
        similarity[:, index] = np.partition(columns, columns.shape[1] - k, axis=1)[:, -k:].mean(axis=1)
    return similarity


def blend(classifier_probs: FloatMatrix, similarity: FloatMatrix) -> FloatMatrix:
    """Mix the classifier's probabilities with a nearest-examples vote (more robust to unusual wordings)."""
    vote = softmax((similarity / KNN_TEMPERATURE).astype(np.float32))
    return ((1.0 - KNN_WEIGHT) * classifier_probs + KNN_WEIGHT * vote).astype(np.float32)


@lru_cache(maxsize=8)
def class_layout(classes: tuple[str, ...]) -> tuple[int, FloatMatrix, IntArray, npt.NDArray[np.bool_]]:
    """For ``classes``: the index of ``none``, class-to-skill membership, each class's skill and which are writes.

    The same for every message (it was rebuilt, in Python loops, for each one); the arrays are read-only.
    """
    skills = [skill_of(name) for name in classes]
    skill_names = sorted(set(skills))
    membership = np.array([[1.0 if skills[i] == s else 0.0 for s in skill_names] for i in range(len(classes))])
    class_skill = np.array([skill_names.index(s) for s in skills])
    is_write = np.array([name in WRITE_INTENTS for name in classes])
    for array in (membership, class_skill, is_write):
        array.setflags(write=False)
    return classes.index(NONE), membership, class_skill, is_write


def decide(scores: Scores, thresholds: Thresholds) -> Decisions:
    """Apply the out-of-scope gates to a batch of scores (vectorised; calibration uses the same function)."""
    classes = scores.classes
    probs = scores.probs
    n_rows = probs.shape[0]
    rows = np.arange(n_rows)
    none_index, membership, class_skill, is_write = class_layout(classes)
    skill_probs = probs @ membership

    best = probs.argmax(axis=1)
    best_prob = probs[rows, best]
    best_skill_prob = skill_probs[rows, class_skill[best]]
    ordered = np.sort(probs, axis=1)
    margin = ordered[:, -1] - ordered[:, -2]
    similarity = scores.similarity[rows, best]

    choice = best.copy()
    confidence = best_prob.astype(np.float32)
    rejected_read = (best == none_index) | (best_skill_prob < thresholds.read)
    rejected_write = (
        ~rejected_read
        & is_write[best]
        & (
            (best_skill_prob < thresholds.write)
            | (similarity < thresholds.write_similarity)
            | (margin < thresholds.write_margin)
        )
    )
    # A write without enough evidence: policy.ask if it is the best non-write intent left, else none.
    fallback_policy = np.zeros(n_rows, dtype=bool)
    if POLICY_INTENT in classes:
        policy_index = classes.index(POLICY_INTENT)
        reads = probs.copy()
        reads[:, is_write] = -1.0
        reads[:, none_index] = -1.0
        fallback_policy = (
            rejected_write & (reads.argmax(axis=1) == policy_index) & (probs[:, policy_index] >= thresholds.read)
        )
        choice[fallback_policy] = policy_index
        confidence[fallback_policy] = probs[fallback_policy, policy_index]
    to_none = rejected_read | (rejected_write & ~fallback_policy)
    in_scope = probs.copy()
    in_scope[:, none_index] = 0.0
    choice[to_none] = none_index
    confidence[to_none] = 1.0 - in_scope[to_none].max(axis=1)
    return Decisions(index=choice.astype(np.int64), confidence=confidence, raw_index=best.astype(np.int64))


class Router:
    """Routes texts to intents with an embedder, the skills' examples and calibrated thresholds."""

    def __init__(
        self,
        embedder: Embedder,
        examples: Examples | None = None,
        thresholds: Thresholds | None = None,
        *,
        hash_text: bool = False,
        cache_dir: Path | None = None,
        slot_extractor: SlotExtractor | bool | None = True,
        score_cache_size: int = SCORE_CACHE_SIZE,
    ) -> None:
        self.embedder = embedder
        self.examples = examples if examples is not None else training_examples()
        self.thresholds = thresholds or THRESHOLDS.get(embedder.name) or THRESHOLDS["use-m3"]
        self.hash_text = hash_text
        self.cache_dir = cache_dir
        if slot_extractor is True:
            self.slot_extractor: SlotExtractor | None = _load_slot_extractor()
        elif slot_extractor is False:
            self.slot_extractor = None
        else:
            self.slot_extractor = slot_extractor
        self.classes: tuple[str, ...] = tuple(
            [intent for intent in INTENTS if intent in self.examples]
            + [intent for intent in sorted(self.examples) if intent not in INTENTS and intent != NONE]
            + [NONE]
        )
        self._lock = threading.Lock()
        self._model: SoftmaxRegression | None = None
        self._example_vectors: FloatMatrix | None = None
        self._example_labels: IntArray | None = None
        self._score_cache: OrderedDict[str, tuple[FloatMatrix, FloatMatrix]] = OrderedDict()
        self._score_cache_size = score_cache_size

    # ----- training -------------------------------------------------------------------------------------------

    @property
    def model_name(self) -> str:
        """The embedder and feature version, as written to the routing log."""
        return f"{self.embedder.name}+{FEATURE_VERSION}"

    def example_rows(self) -> tuple[list[str], list[str]]:
        """The training texts and their labels, class by class (``none`` last)."""
        texts: list[str] = []
        labels: list[str] = []
        for intent in self.classes:
            for lang in sorted(self.examples.get(intent, {})):
                for text in self.examples[intent][lang]:
                    texts.append(text)
                    labels.append(intent)
        return texts, labels

    def _cache_key(self, texts: Sequence[str], labels: Sequence[str]) -> str:
        payload = json.dumps(
            {
                "texts": list(texts),
                "labels": list(labels),
                "classes": list(self.classes),
                "embedder": self.embedder.name,
                "features": FEATURE_VERSION,
                "l2": L2,
                "iterations": ITERATIONS,
            },
            ensure_ascii=False,
        )
        return hashlib.sha256(payload.encode()).hexdigest()[:20]

    def fit(self) -> None:
        """Embed the examples and train the classifier (or load both from ``cache_dir``); safe to call twice."""
        with self._lock:
            if self._model is not None:
                return
            texts, labels = self.example_rows()
            cache_file = None
            if self.cache_dir is not None:
                cache_file = self.cache_dir / f"nlu-{self._cache_key(texts, labels)}.npz"
                if cache_file.exists():
                    try:
                        with np.load(cache_file, allow_pickle=False) as stored:
                            self._example_vectors = stored["vectors"].astype(np.float32)
                            self._example_labels = stored["labels"].astype(np.int64)
                            self._model = SoftmaxRegression(
                                classes=self.classes,
                                weights=stored["weights"].astype(np.float32),
                                bias=stored["bias"].astype(np.float32),
                            )
                        return
                    except (OSError, KeyError, ValueError):
                        log.warning("ignoring unreadable NLU cache %s", cache_file)
            vectors = self.embedder.embed(texts)
            model = SoftmaxRegression.fit(feature_matrix(vectors, texts), labels, self.classes)
            index = {name: i for i, name in enumerate(self.classes)}
            self._example_vectors = vectors
            self._example_labels = np.array([index[label] for label in labels], dtype=np.int64)
            self._model = model
            if cache_file is not None:
                try:
                    cache_file.parent.mkdir(parents=True, exist_ok=True)
                    tmp = cache_file.with_suffix(".tmp.npz")
                    np.savez(
                        tmp,
                        vectors=vectors,
                        labels=self._example_labels,
                        weights=model.weights,
                        bias=model.bias,
                    )
                    tmp.replace(cache_file)
                except OSError:
                    log.warning("could not write the NLU cache %s", cache_file)

    # ----- scoring --------------------------------------------------------------------------------------------

    def scores(self, texts: Sequence[str], vectors: FloatMatrix | None = None) -> Scores:
        """Class probabilities and nearest-example similarities for ``texts`` (before any threshold)."""
        self.fit()
        assert self._model is not None and self._example_vectors is not None and self._example_labels is not None
        if vectors is None:
            vectors = self.embedder.embed(list(texts))
        cosine = vectors @ self._example_vectors.T
        similarity = class_similarity(cosine, self._example_labels, len(self.classes))
        probs = blend(self._model.predict_proba(feature_matrix(vectors, texts)), similarity)
        return Scores(classes=self.classes, probs=probs, similarity=similarity)

    def one_score(self, text: str) -> Scores:
        """``scores([text])``, remembered for the last ``score_cache_size`` texts (the same text scores the same)."""
        if self._score_cache_size <= 0:
            return self.scores([text])
        with self._lock:
            kept = self._score_cache.get(text)
            if kept is not None:
                self._score_cache.move_to_end(text)
        if kept is None:
            scored = self.scores([text])
            kept = (scored.probs, scored.similarity)
            for array in kept:
                array.setflags(write=False)  # shared by every later route of the same text
            with self._lock:
                self._score_cache[text] = kept
                while len(self._score_cache) > self._score_cache_size:
                    self._score_cache.popitem(last=False)
        return Scores(classes=self.classes, probs=kept[0], similarity=kept[1])

    # ----- routing --------------------------------------------------------------------------------------------

    def route(
        self,
        text: str,
        *,
        locale: str | None = None,
        today: date,
        timezone: str = "UTC",
        default_currency: str = "USD",
        catalog: Sequence[str] = (),
    ) -> Route:
        """Route one message; ``locale`` is the user's Slack locale (a language prior and the date order)."""
        return self.route_many(
            [text], locale=locale, today=today, timezone=timezone, default_currency=default_currency, catalog=catalog
        )[0]

    def route_many(
        self,
        texts: Sequence[str],
        *,
        locale: str | None = None,
        today: date,
        timezone: str = "UTC",
        default_currency: str = "USD",
        catalog: Sequence[str] = (),
    ) -> list[Route]:
        """Route a batch of messages from one user context (one embedding call for the whole batch)."""
        if not texts:
            return []
        cleaned = [" ".join(text.split()) for text in texts]
        fixed = [fix_key_words(text) for text in cleaned]
        compared = [amounts_as_examples(text, detect_language(text, locale)) for text in fixed]
        scores = self.one_score(compared[0]) if len(compared) == 1 else self.scores(compared)
        decisions = decide(scores, self.thresholds)
        reference_day = today
        routes: list[Route] = []
        for row, text in enumerate(cleaned):
            intent = self.classes[int(decisions.index[row])]
            confidence = float(decisions.confidence[row])
            if looks_like_junk(text) or says_no_words(text):  # code, markup, symbols, a bare number: never a request
                intent, confidence = NONE, 1.0
            lang = detect_language(text, locale)
            slots = extract_intent_slots(
                self.slot_extractor, fixed[row], intent, lang=lang, locale=locale, today=reference_day, timezone=timezone,
                default_currency=default_currency, catalog=catalog,
            )  # fmt: skip
            route = Route(
                skill=skill_of(intent),
                intent=intent,
                slots=slots,
                confidence=confidence,
                lang=lang,
                text=texts[row],
            )
            self._log(route, scores.probs[row], locale=locale, today=reference_day)
            routes.append(route)
        return routes

    def _log(self, route: Route, probs: FloatMatrix, *, locale: str | None, today: date) -> None:
        if not routing_log.isEnabledFor(logging.INFO):
            return
        top = np.argsort(-probs)[:3]
        record: dict[str, Any] = {
            "event": "route",
            "ts": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "intent": route.intent,
            "skill": route.skill,
            "confidence": round(route.confidence, 4),
            "lang": route.lang,
            "locale": locale,
            "today": today.isoformat(),
            "slots": route.slots,
            "model": self.model_name,
            "thresholds": self.thresholds.as_dict(),
            "top": [[self.classes[int(i)], round(float(probs[int(i)]), 4)] for i in top],
        }
        write_routing_record(record, route.text, hash_text=self.hash_text)


def write_routing_record(record: dict[str, Any], text: str, *, hash_text: bool) -> None:
    """Append one routing decision to the log, with the text or, under the privacy setting, its SHA-256."""
    if hash_text:
        record["text_sha256"] = hashlib.sha256(text.encode()).hexdigest()
    else:
        record["text"] = text
    routing_log.info(json.dumps(record, ensure_ascii=False, default=str))


def extract_intent_slots(
    extractor: SlotExtractor | None,
    text: str,
    intent: str,
    *,
    lang: str,
    locale: str | None,
    today: date,
    timezone: str,
    default_currency: str,
    catalog: Sequence[str],
) -> dict[str, Any]:
    """The deterministic extractors' slots that ``intent`` uses; ``errors`` only when something was unreadable."""
    wanted = SLOTS_BY_INTENT.get(intent)
    if not wanted or extractor is None:
        return {}
    try:
        slots = dict(
            extractor(
                text,
                today=today,
                locale=locale or ("es-ES" if lang == "es" else "en-US"),
                timezone=timezone,
                default_currency=default_currency,
                catalog=catalog,
                only=wanted,
            )
        )
    except Exception:
        log.exception("slot extraction failed for intent %s", intent)
        return {}
    if not slots.get("errors"):
        slots.pop("errors", None)
    return slots


def enable_routing_log(path: Path | None = None) -> logging.Handler | None:
    """Turn the ``backoffice.routing`` logger on at INFO; with ``path``, also append its JSON lines to that file.

    The logger stays silent until this (or the application's logging config) enables it, so ``backoffice nlu``
    does not mix decisions into its output. Returns the file handler it added, if any.
    """
    routing_log.setLevel(logging.INFO)
    if path is None:
        return None
    path.parent.mkdir(parents=True, exist_ok=True)
    for existing in routing_log.handlers:
        if isinstance(existing, logging.FileHandler) and Path(existing.baseFilename) == path.resolve():
            return existing
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(message)s"))
    routing_log.addHandler(handler)
    return handler


_ROUTERS: dict[tuple[str, bool, int], Router] = {}
_ROUTERS_LOCK = threading.Lock()


def get_router(
    model: str | None = None,
    *,
    hash_text: bool = False,
    cache_dir: Path | None = None,
    score_cache_size: int = SCORE_CACHE_SIZE,
) -> Router:
    """The process-wide router for embedder ``model`` ("use-m3" by default), built once and trained lazily.

    ``cache_dir`` keeps the trained classifier and the embedding model ready to load for the next process;
    ``score_cache_size`` is how many recent messages' scores it remembers (0: none).
    """
    embedder = get_embedder(model, cache_dir=cache_dir)
    key = (embedder.name, hash_text, score_cache_size)
    with _ROUTERS_LOCK:
        if key not in _ROUTERS:
            _ROUTERS[key] = Router(
                embedder, hash_text=hash_text, cache_dir=cache_dir, score_cache_size=score_cache_size
            )
        return _ROUTERS[key]
