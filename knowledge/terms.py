"""Which of a question's key terms a sentence covers, in either language: same stem, or a word the embedder calls the same.

The keyword stems of :mod:`knowledge.keywords` only match within one language ("vacaciones" never meets
"vacation"), so a Spanish question over English passages had no keyword evidence at all and its quotes were chosen
on sentence similarity alone. USE-m3 embeds single words too, and a word and its translation land close together
("vacaciones"/"vacation" 0.92, "caduca"/"expire" 0.75, "jurado"/"jury" 0.86) while unrelated words stay apart
("vacaciones"/"office" 0.30). A question term is covered by a sentence when one of the sentence's words has its stem,
or its word vector within :data:`WORD_MATCH`. Word vectors are cached, so a warm process embeds only new words.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import numpy as np

from knowledge.embeddings import Embedder, FloatMatrix
from knowledge.glossary import translations
from knowledge.keywords import fold, key_words, stem

WORD_MATCH = 0.65
"""Cosine between two word vectors at or above which they count as the same term (a translation, a plural).

Chosen on the tuning sets: 0.65 found 2 more facts than 0.70 or 0.75 ("enfermedad"/"sick" is 0.68)."""

CACHE_WORDS = 50_000
"""Vectors kept per matcher, words and sentences (least recently used dropped first); 100 MB at most."""


@dataclass(frozen=True)
class Term:
    """One key term of a question: the folded word as written and its stem."""

    word: str
    stem: str


def key_terms(text: str) -> list[Term]:
    """The key terms of ``text``: folded words without stop words, one per stem, in order of appearance."""
    seen: dict[str, Term] = {}
    for word in key_words(text):
        root = stem(word)
        seen.setdefault(root, Term(word, root))
    return list(seen.values())


class TermMatcher:
    """Tells which question terms each text covers, by stem or by word vector; safe to share between threads."""

    def __init__(self, embedder: Embedder, *, threshold: float = WORD_MATCH, capacity: int = CACHE_WORDS) -> None:
        self.embedder = embedder
        self.threshold = threshold
        self.capacity = capacity
        self._lock = threading.Lock()
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()

    def vectors(self, words: Sequence[str]) -> FloatMatrix:
        """The vectors of ``words`` (or sentences; rows in order), embedding only those not cached yet."""
        with self._lock:
            missing = [word for word in dict.fromkeys(words) if word not in self._vectors]
        if missing:
            fresh = self.embedder.embed(missing)
            with self._lock:
                for word, row in zip(missing, fresh, strict=True):
                    self._vectors[word] = row
                while len(self._vectors) > self.capacity:
                    self._vectors.popitem(last=False)
        with self._lock:
            rows = []
            for word in words:
                row = self._vectors.get(word)
                if row is None:  # dropped by a concurrent caller since: embed it alone
                    row = self.embedder.embed([word])[0]
                else:
                    self._vectors.move_to_end(word)
                rows.append(row)
        if not rows:
            return np.zeros((0, self.embedder.dim), dtype=np.float32)
        return np.vstack(rows).astype(np.float32, copy=False)

    def covered(
        self, terms: Sequence[Term], texts: Iterable[str], threshold: float | None = None
    ) -> list[frozenset[str]]:
        """For each of ``texts``, the stems of ``terms`` it covers (a word with that stem or a word vector close to it)."""
        words_per_text = [key_words(text) for text in texts]
        if not terms:
            return [frozenset() for _ in words_per_text]
        vocabulary = list(dict.fromkeys(word for words in words_per_text for word in words if not word[0].isdigit()))
        spelled = [term for term in terms if not term.word[0].isdigit()]
        index = {word: position for position, word in enumerate(vocabulary)}
        similar: np.ndarray | None = None
        if vocabulary and spelled:
            limit = self.threshold if threshold is None else threshold
            similar = (self.vectors(vocabulary) @ self.vectors([term.word for term in spelled]).T) >= limit
        translated = [translations(term.word) for term in terms]
        result: list[frozenset[str]] = []
        for words in words_per_text:
            stems = {stem(word) for word in words}
            found = {
                term.stem for term, other in zip(terms, translated, strict=True) if term.stem in stems or other & stems
            }
            if similar is not None:
                rows = [index[word] for word in words if word in index]
                if rows:
                    hits = np.asarray(similar[rows]).any(axis=0)
                    found.update(spelled[position].stem for position in np.flatnonzero(hits))
            result.append(frozenset(found))
        return result


NEVER_TOPIC = frozenset(
    """
    forgot forget still log leaves roll rolls happen happens happened mean means know tell ask put keep
    found find wonder wondering guess chip bother actually really someone anyone something anything ok okay
    pasar paso consigo conseguir llevo llevar pagan pagar paga pago pasa pasan pasado pasados pasadas sale dan dar
    quiero debo he has han hemos habeis quisiera queria necesito toca tocan
    """.split()
)
"""Words of a question that say what the asker does, not what the question is about: never a missing topic."""

_ENCLITIC_VERB = re.compile(r"[aei]r(?:me|te|se|lo|la|le|los|las|les|nos)$")
"""A Spanish infinitive carrying a pronoun ("montarme", "denunciarlo"): an action the asker takes, never a topic."""


def is_asking_word(word: str) -> bool:
    """Whether ``word`` (folded) says what the asker does rather than what they ask about (see :data:`NEVER_TOPIC`)."""
    return word in NEVER_TOPIC or (len(word) > 6 and _ENCLITIC_VERB.search(word) is not None)


class Vocabulary:
    """The words of the indexed policies, to tell whether a question's topic is mentioned anywhere (either language)."""

    def __init__(self, words: Iterable[str], matcher: TermMatcher) -> None:
        self.matcher = matcher
        self.words = sorted({word for word in words if not word[0].isdigit()})
        self.stems = {stem(word) for word in self.words}
        self._lock = threading.Lock()
        self._matrix: FloatMatrix | None = None

    def _vectors(self) -> FloatMatrix:
        with self._lock:
            if self._matrix is None:
                self._matrix = self.matcher.vectors(self.words)
            return self._matrix

    def nearest(self, term: Term, *, other: bool = False) -> str | None:
        """The stem of the policy word closest to ``term``: its own stem when the policies use it (unless ``other``),
        else the stem of the closest word whose vector is within the matcher's threshold ("vacaciones" -> "vacati"),
        else None."""
        if term.word[0].isdigit() or (term.stem in self.stems and not other):
            return term.stem
        if not self.words:
            return None
        similar = self._vectors() @ self.matcher.vectors([term.word])[0]
        for best in np.argsort(-similar)[:8]:
            if similar[best] < self.matcher.threshold:
                break
            found = stem(self.words[int(best)])
            if found != term.stem:
                return found
        return None

    def knows(self, term: Term) -> bool:
        """Whether some policy word has ``term``'s stem, or a word vector within the matcher's threshold of it."""
        return term.stem in self.stems or bool(translations(term.word) & self.stems) or self.nearest(term) is not None

    def query_tokens(self, question: str) -> list[str]:
        """The keyword tokens of ``question`` in the policies' words: each key term's own stem when the policies use
        it, else the stem of the closest policy word ("vacaciones" -> "vacati" over an English handbook), so a
        question in one language finds passages in the other by keyword too. (Adding the translation of every term,
        even one the policies use, found 6 fewer facts on the tuning sets.)"""
        tokens: list[str] = []
        for term in key_terms(question):
            tokens.append(self.nearest(term) or term.stem)
            if term.stem not in self.stems:  # the policies' own word wins; a translation only fills a gap
                tokens.extend(sorted(translations(term.word) & self.stems))
        return list(dict.fromkeys(tokens))

    def missing_topics(self, question: str) -> list[str]:
        """The key terms of ``question`` that no policy mentions, in any language (asking words and names apart)."""
        names = unknown_names(question, self)
        return [
            term.word
            for term in key_terms(question)
            if not is_asking_word(term.word) and term.word not in names and not self.knows(term)
        ]

    def as_policies_say(self, question: str) -> str:
        """``question`` with the places it names that no policy mentions read as "another country" (what policies
        say about places in general): "from Portugal for two weeks" -> "from another country for two weeks"."""
        names = unknown_names(question, self)
        if not names:
            return question
        return _NAME.sub(lambda match: PLACE if fold(match.group(0)) in names else match.group(0), question)


PLACE = "another country"
"""What a place the policies never name stands for when the question is matched against them."""

_NAME = re.compile(r"(?<![\w])[A-ZÁÉÍÓÚÑ][\w'-]+")


def unknown_names(question: str, vocabulary: Vocabulary) -> set[str]:
    """The folded words ``question`` writes with a capital (not its first word) that no policy word matches."""
    names: set[str] = set()
    for match in _NAME.finditer(question):
        if match.start() == 0 or not question[: match.start()].strip(" ¿¡\"'"):
            continue
        word = fold(match.group(0))
        if not vocabulary.knows(Term(word, stem(word))):
            names.add(word)
    return names
