"""Keyword search over chunks: accent-folded, stop-word-free, lightly stemmed tokens ranked with BM25."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence

from rank_bm25 import BM25Okapi

from knowledge.types import Chunk

STEM_LENGTH = 6
"""Tokens are cut to this many characters: a crude stemmer that joins "vacation"/"vacations" and "gastos"/"gasto"."""

_WORD = re.compile(r"[a-z0-9]+(?:[.,][0-9]+)*")

# Our own short lists of English and Spanish function words (accents already folded), plus words that appear in
# nearly every policy question and so tell the documents apart poorly.
_STOP_WORDS = frozenset(
    """
    a about above after again all also am an and any are as at be because been before being below between both but
    by can could did do does doing down during each few for from further get got had has have having he her here
    hers him his how i if in into is it its just me more most my no nor not now of off on once only or other our
    out over own same she should so some such than that the their them then there these they this those through
    to too under until up very was we were what when where which while who whom why will with would you your
    yours much many may might must shall let lets im ive dont doesnt cant whats thats us
    al algo algun alguna algunas alguno algunos ante antes aqui asi aun como con contra cual cuales cuando cuanta
    cuantas cuanto cuantos de del desde donde dos el ella ellas ellos en entre era eres es esa esas ese eso esos
    esta estan estar estas este esto estos fue ha hay la las le les lo los mas me mi mis mucho muy nada ni no nos
    nuestra nuestro o os otra otro para pero poco por porque puedo puede pueden que quien se sea segun ser si sin
    sobre su sus tambien te tengo tiene tienen toda todo todos tu tus un una unas uno unos vosotros y ya yo hace
    hacer tenemos tener hay
    """.split()
)


def fold(text: str) -> str:
    """``text`` in lower case with accents removed ("Límite" -> "limite", "año" -> "ano")."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(char for char in decomposed if not unicodedata.combining(char))


def stem(word: str) -> str:
    """A light, language-agnostic stem: plural endings dropped, then the word cut to :data:`STEM_LENGTH` letters."""
    if word[0].isdigit():
        return word
    if len(word) > 4 and word.endswith("es"):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith("ss"):
        word = word[:-1]
    return word[:STEM_LENGTH]


def key_words(text: str) -> list[str]:
    """The words of ``text`` that can be keywords: folded, stop words and single letters dropped, not stemmed."""
    return [word for word in _WORD.findall(fold(text)) if word not in _STOP_WORDS and (len(word) > 1 or word.isdigit())]


def tokenize(text: str) -> list[str]:
    """The keyword tokens of ``text``: folded, stop words dropped, stemmed; numbers kept ("0,26", "24")."""
    return [stem(word) for word in key_words(text)]


def chunk_keywords(chunk: Chunk) -> list[str]:
    """The tokens a chunk is indexed under: its section path, its document title and its text."""
    return tokenize(f"{chunk.section}\n{chunk.title}\n{chunk.text}")


class KeywordIndex:
    """A BM25 (Okapi) index over a fixed list of chunks, with a query-coverage score that is comparable across queries."""

    def __init__(self, chunks: Sequence[Chunk]) -> None:
        self.chunks: list[Chunk] = list(chunks)
        self._positions = {chunk.id: position for position, chunk in enumerate(self.chunks)}
        self.words: frozenset[str] = frozenset(
            word for chunk in self.chunks for word in key_words(f"{chunk.section}\n{chunk.title}\n{chunk.text}")
        )
        """Every keyword of the indexed chunks as written (folded, not stemmed): the index's vocabulary."""
        documents = [chunk_keywords(chunk) for chunk in self.chunks]
        self._terms: list[frozenset[str]] = [frozenset(tokens) for tokens in documents]
        # BM25Okapi divides by the corpus size, so an empty index gets no model at all.
        self._bm25: BM25Okapi | None = BM25Okapi(documents) if documents else None
        count = len(documents)
        frequency: dict[str, int] = {}
        for terms in self._terms:
            for term in terms:
                frequency[term] = frequency.get(term, 0) + 1
        # A smoothed idf that is always positive, for the coverage score (BM25Okapi's own can be floored or negative).
        self._idf = {term: math.log(1 + (count + 1) / (seen + 0.5)) for term, seen in frequency.items()}
        self._unseen_idf = math.log(1 + (count + 1) / 0.5)

    def __len__(self) -> int:
        return len(self.chunks)

    def search(
        self,
        query: str,
        k: int,
        allowed: Callable[[Chunk], bool] | None = None,
        tokens: Sequence[str] | None = None,
    ) -> list[tuple[Chunk, float, float]]:
        """The ``k`` best chunks for ``query`` among those ``allowed``: (chunk, BM25 score, coverage), best first.

        Coverage is the idf-weighted share of the query's tokens found in the chunk (0..1); chunks that share
        no token with the query are left out. ``tokens``, when given, replace the query's own (a translated query).
        """
        tokens = list(tokens) if tokens is not None else tokenize(query)
        if self._bm25 is None or not tokens:
            return []
        scores = self._bm25.get_scores(tokens)
        hits: list[tuple[Chunk, float, float]] = []
        for position in sorted(range(len(self.chunks)), key=lambda i: -float(scores[i])):
            chunk = self.chunks[position]
            share = self.coverage(tokens, position)
            if share <= 0.0 or (allowed is not None and not allowed(chunk)):
                continue
            hits.append((chunk, float(scores[position]), share))
            if len(hits) >= k:
                break
        return hits

    def position(self, chunk_id: str) -> int | None:
        """Where the chunk called ``chunk_id`` is in :attr:`chunks` (None when this index does not hold it)."""
        return self._positions.get(chunk_id)

    def coverage(self, tokens: Sequence[str], position: int) -> float:
        """The idf-weighted share of ``tokens`` (already tokenized) that occur in the chunk at ``position``."""
        unique = set(tokens)
        total = sum(self._idf.get(token, self._unseen_idf) for token in unique)
        found = sum(self._idf[token] for token in unique if token in self._terms[position])
        return found / total if total > 0 else 0.0
