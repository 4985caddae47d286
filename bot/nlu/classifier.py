"""A small intent classifier: sentence embedding + hashed word/character n-grams -> multinomial logistic regression.

The embedding carries meaning across wordings and languages; the lexical part carries the few words that flip an
intent while the topic stays the same ("how many days have I *taken*" vs "... *left*", "cancel my vacation" vs
"book my vacation"). Training is plain numpy (full-batch Adam, fixed seed-free initialisation), so the same examples
always give the same model, in about a second.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
import zlib
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

FloatMatrix = npt.NDArray[np.float32]

LEXICAL_DIM = 4096
LEXICAL_WEIGHT = 2.0
L2 = 1e-4
ITERATIONS = 300
LEARNING_RATE = 0.05
FEATURE_VERSION = "lex-w1b2c34-knn30-v2"
"""Bump when the features or the training change, so cached models are rebuilt."""

_MENTION = re.compile(r"<@[^>]+>|@\w+")
_MONEY = re.compile(r"[$€£]|\b(?:usd|eur|gbp|euros?|dollars?|bucks|pounds?|libras?)\b")
_NUMBER = re.compile(r"\d+(?:[.,:/-]\d+)*(?:st|nd|rd|th|º|ª)?")
_TOKEN = re.compile(r"[a-z0-9]+")


def lexical_tokens(text: str) -> list[str]:
    """Lower-cased, accent-free word tokens of ``text`` with amounts as ``zmoney`` and numbers as ``znum``."""
    folded = unicodedata.normalize("NFKD", text.lower())
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = _MENTION.sub(" ", folded)
    folded = _MONEY.sub(" zmoney ", folded)
    folded = _NUMBER.sub(" znum ", folded)
    return _TOKEN.findall(folded)


def _lexical_features(tokens: Sequence[str]) -> list[str]:
    features = [f"w:{token}" for token in tokens]
    features += [f"b:{left}_{right}" for left, right in itertools.pairwise(tokens)]
    for token in tokens:
        padded = f"<{token}>"
        for size in (3, 4):
            features += [f"c:{padded[i : i + size]}" for i in range(max(1, len(padded) - size + 1))]
    return features


def lexical_matrix(texts: Sequence[str], dim: int = LEXICAL_DIM) -> FloatMatrix:
    """Hashed bag of words, word bigrams and character 3-4-grams of each text, L2-normalised rows."""
    matrix = np.zeros((len(texts), dim), dtype=np.float32)
    for row, text in enumerate(texts):
        for feature in _lexical_features(lexical_tokens(text)):
            matrix[row, zlib.crc32(feature.encode()) % dim] += 1.0
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.maximum(norms, 1e-9)


def feature_matrix(embeddings: FloatMatrix, texts: Sequence[str]) -> FloatMatrix:
    """The classifier's input: embeddings side by side with weighted lexical features.

    Kept dense on purpose: one BLAS product over the 4,608 columns is faster here than sparse gathers in numpy.
    """
    return np.hstack([embeddings, LEXICAL_WEIGHT * lexical_matrix(texts)]).astype(np.float32, copy=False)


def softmax(logits: FloatMatrix) -> FloatMatrix:
    """Row-wise softmax."""
    shifted = logits - logits.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return (exp / exp.sum(axis=1, keepdims=True)).astype(np.float32, copy=False)


@dataclass
class SoftmaxRegression:
    """Multinomial logistic regression with class-balanced weights and L2 regularisation."""

    classes: tuple[str, ...]
    weights: FloatMatrix
    bias: FloatMatrix

    @classmethod
    def fit(
        cls,
        features: FloatMatrix,
        labels: Sequence[str],
        classes: Sequence[str],
        *,
        l2: float | None = None,
        iterations: int | None = None,
        learning_rate: float | None = None,
    ) -> SoftmaxRegression:
        """Train on ``features`` (one row per example) and their ``labels`` with full-batch Adam."""
        l2 = L2 if l2 is None else l2
        iterations = ITERATIONS if iterations is None else iterations
        learning_rate = LEARNING_RATE if learning_rate is None else learning_rate
        index = {name: i for i, name in enumerate(classes)}
        n_rows, n_features = features.shape
        targets = np.zeros((n_rows, len(classes)), dtype=np.float32)
        targets[np.arange(n_rows), [index[label] for label in labels]] = 1.0
        counts = np.maximum(targets.sum(axis=0), 1.0)
        sample_weight = (targets / counts).sum(axis=1)
        sample_weight = (sample_weight / sample_weight.mean() / n_rows)[:, None].astype(np.float32)

        weights = np.zeros((n_features, len(classes)), dtype=np.float32)
        bias = np.zeros((1, len(classes)), dtype=np.float32)
        moments = [np.zeros_like(weights), np.zeros_like(weights), np.zeros_like(bias), np.zeros_like(bias)]
        beta1, beta2, eps = 0.9, 0.999, 1e-8
        for step in range(1, iterations + 1):
            probs = softmax(features @ weights + bias)
            error = (probs - targets) * sample_weight
            grad_w = features.T @ error + l2 * weights
            grad_b = error.sum(axis=0, keepdims=True)
            for param, grad, first, second in (
                (weights, grad_w, moments[0], moments[1]),
                (bias, grad_b, moments[2], moments[3]),
            ):
                first *= beta1
                first += (1 - beta1) * grad
                second *= beta2
                second += (1 - beta2) * grad * grad
                corrected_first = first / (1 - beta1**step)
                corrected_second = second / (1 - beta2**step)
                param -= learning_rate * corrected_first / (np.sqrt(corrected_second) + eps)
        return cls(classes=tuple(classes), weights=weights, bias=bias)

    def predict_proba(self, features: FloatMatrix) -> FloatMatrix:
        """Class probabilities, one row per input row, columns in ``classes`` order."""
        return softmax(features @ self.weights + self.bias)
