"""Learned sentence weights and a learned refusal gate for policy answers, measured by cross-validation (issue 15).

``python -m bench.answer_weights`` indexes both handbooks into a throwaway folder and reads their *tuning* question
sets only (the held-out sets are never opened here). It measures four things against the hand-chosen constants of
``knowledge/answers.py``:

1. **Ranking.** A conditional logit (softmax over one question's candidate sentences, the target spread over the
   sentences whose quote carries the expected fact) over the features :func:`knowledge.answers.score_sentences`
   already adds up: cosine, another-language bonus, term coverage, figure asked and present, lead position and
   the passage's relevance. Fitted by 10-fold cross-validation over the questions of both tuning sets together;
   reported as how often the best-scored sentence carries the fact, per handbook.
2. **Answers.** The weights fitted on all tuning questions written into the scoring constants (cosine weight 1, as
   now), every tuning question answered again through the real quoting and gates: fact found, refused, wrongly
   refused. In-sample, so an upper bound on what the learned weights can give.
3. **Quoting by probability.** The conditional logit's softmax choosing the quote (best first until its mass
   reaches 0.5, 0.7 or 0.9; three sentences from two passages at most), today's gates refusing: facts found and
   sentences quoted per answer, against today's "within 0.8 of the best and adding a term" rule.
4. **Refusal.** A logistic regression over question-level features (:data:`GATE_FEATURES`: the hand gates' own
   inputs, how far the best passage stands above the 2nd and the 5th, and whether the hand gates pass), the
   missing-topic rule kept as it is; its threshold the one that maximises facts found plus unanswerable refused
   (each a rate per handbook). Measured by 10-fold cross-validation (fit and threshold inside each fold) and
   fitted on all tuning questions: the coefficients printed are the ones the unmerged experiment on branch
   ``answers4-learned-gate`` put in ``knowledge/answers.py``.

numpy only: both models are a few coefficients fitted by Newton's method.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from db.engine import Database
from db.migrate import upgrade
from knowledge import answers
from knowledge.embeddings import Embedder, get_embedder
from knowledge.evaluation import Question, load_questions
from knowledge.ingest import ingest
from knowledge.pipeline import SEARCH_DEPTH, AnswerPipeline
from knowledge.store import ChromaIndex, IndexLocation
from knowledge.terms import key_terms
from knowledge.types import Answer, Passage

REPO_ROOT = Path(__file__).resolve().parent.parent
HANDBOOKS = {
    "demo": (REPO_ROOT / "knowledge" / "handbook", REPO_ROOT / "knowledge" / "eval" / "policy_questions.jsonl"),
    "18F": (
        REPO_ROOT / "tests" / "data" / "handbook-18f" / "pages",
        REPO_ROOT / "tests/data/handbook-18f/questions.jsonl",
    ),
}
FEATURES = ("cosine", "other language", "coverage", "figure", "lead", "passage")
FOLDS = 10
SEEDS = (0, 1, 2)
RANK_L2 = 30.0
MASSES = (0.5, 0.7, 0.9)
GATE_L2 = 0.3
GATE_FEATURES = (
    "relevance",
    "sentence score",
    "sentence cosine",
    "coverage",
    "share of terms one unit covers",
    "terms no unit covers",
    "relevance margin to the 2nd passage",
    "relevance margin to the 5th passage",
    "score margin to the 2nd sentence",
    "key terms",
    "Spanish",
    "hand gates pass",
)

Matrix = np.ndarray


@dataclass(frozen=True)
class Case:
    """One tuning question: its candidate sentences' features and fact labels, and what the product answers now."""

    handbook: str
    question: Question
    features: Matrix
    """One row per candidate sentence, in the product's score order: :data:`FEATURES`."""
    carries_fact: Matrix
    """1.0 where the sentence's quote (with the neighbours it brings) carries the expected fact."""
    passages: list[int]
    """Each candidate sentence's passage (quotes come from two passages at most)."""
    gate: list[float]
    """Question-level refusal features: :data:`GATE_FEATURES`."""
    hard_refusal: bool
    """Refused with every gate off: a topic no policy mentions, or nothing worth quoting."""
    ungated_fact: bool
    """The expected fact is in the answer given with every gate off."""
    answer: Answer
    chosen_now: int
    """How many sentences the product chooses today (its neighbours apart)."""


def fit_logistic(x: Matrix, y: Matrix, l2: float) -> Matrix:
    """Logistic regression weights (last one the intercept, not penalised) by Newton's method."""
    rows, width = x.shape
    design = np.hstack([x, np.ones((rows, 1))])
    beta = np.zeros(width + 1)
    penalty = np.eye(width + 1) * l2
    penalty[-1, -1] = 0.0
    for _ in range(100):
        p = 1.0 / (1.0 + np.exp(-design @ beta))
        gradient = design.T @ (p - y) + penalty @ beta
        hessian = (design * (p * (1 - p))[:, None]).T @ design + penalty + 1e-9 * np.eye(width + 1)
        step = np.linalg.solve(hessian, gradient)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta


def fit_conditional_logit(groups: Sequence[tuple[Matrix, Matrix]], l2: float) -> Matrix:
    """Weights of a softmax over each group's rows, the target spread evenly over its positive rows."""
    width = groups[0][0].shape[1]
    beta = np.zeros(width)
    for _ in range(100):
        gradient = l2 * beta
        hessian = l2 * np.eye(width)
        for x, labels in groups:
            scores = x @ beta
            p = np.exp(scores - scores.max())
            p /= p.sum()
            mean = x.T @ p
            gradient = gradient + x.T @ (p - labels / labels.sum())
            hessian = hessian + (x * p[:, None]).T @ x - np.outer(mean, mean)
        step = np.linalg.solve(hessian + 1e-9 * np.eye(width), gradient)
        beta -= step
        if np.abs(step).max() < 1e-7:
            break
    return beta


def collect(handbook: str, pipeline: AnswerPipeline, embedder: Embedder, questions: Sequence[Question]) -> list[Case]:
    """Each question's candidate sentences as the product scores them, and the product's current answer."""
    cases: list[Case] = []
    for question in questions:
        vocabulary = pipeline.vocabulary()
        read = vocabulary.as_policies_say(question.question)
        passages = pipeline.retriever.search(read, k=SEARCH_DEPTH)
        answer, _ = pipeline.answer(question.question)
        candidates = answers.candidate_passages(passages)
        scored = answers.score_sentences(read, candidates, embedder, pipeline.matcher)
        units = [answers.split_sentences(p.chunk.text) for p in candidates]
        lang = answers.question_language(read)
        figure = answers.asks_for_figure(read)
        rows: list[list[float]] = []
        labels: list[float] = []
        for item in scored:
            passage = candidates[item.passage]
            rows.append(
                [
                    item.cosine,
                    float(passage.chunk.lang != lang),
                    item.coverage,
                    float(item.figure and figure),
                    1.0 / (1 + item.sentence.position),
                    passage.score,
                ]
            )
            quote = answers.quote_passages([item], candidates, units)[0].quote or ""
            labels.append(float(bool(question.fact) and question.fact.lower() in quote.lower()))
        chosen = answers.choose_sentences(read, candidates, embedder, pipeline.matcher)
        hand_gates = answers.passes_gate(passages) and answers.covers_question(chosen)
        gate = gate_features(read, passages, scored, chosen, hand_gates) if scored else [0.0] * len(GATE_FEATURES)
        ungated = answers.compose_answer(
            read,
            passages,
            embedder,
            threshold=-1.0,
            coverage_gate=-1.0,
            sentence_gate=-9.0,
            matcher=pipeline.matcher,
            vocabulary=vocabulary,
        )
        cases.append(
            Case(
                handbook,
                question,
                np.array(rows).reshape(-1, 6),
                np.array(labels),
                [item.passage for item in scored],
                gate,
                ungated.escalate,
                bool(question.fact) and question.fact.lower() in ungated.text.lower(),
                answer,
                len(chosen),
            )
        )
    return cases


def _folds(count: int, seed: int) -> Matrix:
    return np.random.default_rng(seed).permutation(count) % FOLDS


def _standardise(train: Matrix) -> tuple[Matrix, Matrix]:
    return train.mean(axis=0), train.std(axis=0) + 1e-9


def fit_weights(cases: Sequence[Case], l2: float = RANK_L2) -> Matrix:
    """The conditional logit's weights on the raw features, scaled so the cosine weighs 1 (as the product adds it)."""
    groups = [(c.features, c.carries_fact) for c in cases if 0 < c.carries_fact.sum() < len(c.carries_fact)]
    mean, scale = _standardise(np.vstack([x for x, _ in groups]))
    beta = fit_conditional_logit([((x - mean) / scale, y) for x, y in groups], l2) / scale
    return beta / beta[0]


def ranking_figures(cases: Sequence[Case]) -> dict[str, tuple[float, float]]:
    """Per handbook: the share of answerable questions whose best sentence carries the fact, now and learned (CV)."""
    answerable = [c for c in cases if c.question.answerable and len(c.carries_fact)]
    learned: dict[int, list[float]] = {i: [] for i in range(len(answerable))}
    for seed in SEEDS:
        fold = _folds(len(answerable), seed)
        for f in range(FOLDS):
            weights = fit_weights([c for i, c in enumerate(answerable) if fold[i] != f])
            for i, case in enumerate(answerable):
                if fold[i] == f:
                    learned[i].append(float(case.carries_fact[int(np.argmax(case.features @ weights))]))
    result: dict[str, tuple[float, float]] = {}
    for handbook in HANDBOOKS:
        mine = [i for i, c in enumerate(answerable) if c.handbook == handbook]
        now = float(np.mean([answerable[i].carries_fact[0] for i in mine]))  # the product's best sentence
        result[handbook] = (now, float(np.mean([np.mean(learned[i]) for i in mine])))
    return result


def by_mass(case: Case, scores: Matrix, mass: float) -> list[int]:
    """The sentences quoted when the learned probabilities choose: best first until their softmax mass reaches
    ``mass``, at most :data:`knowledge.answers.MAX_SENTENCES` from at most two passages."""
    if not len(scores):
        return []
    p = np.exp(scores - scores.max())
    p /= p.sum()
    chosen: list[int] = []
    used: set[int] = set()
    total = 0.0
    for j in np.argsort(-p):
        if len(chosen) >= answers.MAX_SENTENCES or total >= mass:
            break
        passage = case.passages[int(j)]
        if passage not in used and len(used) >= 2:
            continue
        chosen.append(int(j))
        used.add(passage)
        total += float(p[j])
    return chosen


def mass_figures(cases: Sequence[Case], masses: Sequence[float]) -> dict[str, list[tuple[float, float]]]:
    """Per handbook, for each mass: (fact found, sentences quoted per answer) when the learned probabilities
    (10-fold CV, seed 0) choose the quote and today's gates still refuse; today's own pair first."""
    answerable = [c for c in cases if c.question.answerable]
    fold = _folds(len(answerable), 0)
    scores: dict[int, Matrix] = {}
    for f in range(FOLDS):
        train = [c for i, c in enumerate(answerable) if fold[i] != f]
        groups = [(c.features, c.carries_fact) for c in train if 0 < c.carries_fact.sum() < len(c.carries_fact)]
        mean, scale = _standardise(np.vstack([x for x, _ in groups]))
        beta = fit_conditional_logit([((x - mean) / scale, y) for x, y in groups], RANK_L2)
        for i, case in enumerate(answerable):
            if fold[i] == f:
                scores[i] = ((case.features - mean) / scale) @ beta
    result: dict[str, list[tuple[float, float]]] = {}
    for handbook in HANDBOOKS:
        mine = [i for i, c in enumerate(answerable) if c.handbook == handbook]
        answered = [i for i in mine if not answerable[i].answer.escalate]
        now_fact = np.mean([answerable[i].question.fact.lower() in answerable[i].answer.text.lower() for i in mine])
        now_quoted = np.mean([answerable[i].chosen_now for i in answered])
        pairs = [(float(now_fact), float(now_quoted))]
        for mass in masses:
            picks = {i: by_mass(answerable[i], scores[i], mass) for i in answered}
            fact = sum(any(answerable[i].carries_fact[j] for j in picks[i]) for i in answered) / len(mine)
            pairs.append((float(fact), float(np.mean([len(picks[i]) for i in answered]))))
        result[handbook] = pairs
    return result


@contextmanager
def scoring_weights(weights: Matrix) -> Iterator[None]:
    """The scoring constants of ``knowledge.answers`` set from learned weights for the duration, then restored."""
    names = ("CROSS_LINGUAL_BONUS", "KEYWORD_SENTENCE_WEIGHT", "FIGURE_BONUS", "LEAD_BONUS", "PASSAGE_WEIGHT")
    before = {name: getattr(answers, name) for name in names}
    try:
        for name, value in zip(names, weights[1:], strict=True):
            setattr(answers, name, float(value))
        yield
    finally:
        for name, value in before.items():
            setattr(answers, name, value)


def answer_figures(outcomes: Sequence[tuple[Case, Answer]]) -> dict[str, tuple[float, float, float]]:
    """Per handbook: (fact found, unanswerable refused, answerable wrongly refused)."""
    result: dict[str, tuple[float, float, float]] = {}
    for handbook in HANDBOOKS:
        mine = [(c, a) for c, a in outcomes if c.handbook == handbook]
        asked = [(c, a) for c, a in mine if c.question.answerable]
        unanswerable = [a for c, a in mine if not c.question.answerable]
        fact = np.mean([c.question.fact.lower() in a.text.lower() for c, a in asked])
        result[handbook] = (
            float(fact),
            float(np.mean([a.escalate for a in unanswerable])),
            float(np.mean([a.escalate for _, a in asked])),
        )
    return result


def gate_features(
    question: str,
    passages: Sequence[Passage],
    scored: Sequence[answers.ScoredSentence],
    chosen: Sequence[answers.ScoredSentence],
    hand_gates: bool,
) -> list[float]:
    """The refusal features of one question with something to quote, in the order of :data:`GATE_FEATURES`."""
    relevance = sorted((p.score for p in passages), reverse=True) + [0.0] * 5
    terms = max(1, len(key_terms(question)))
    most = max((len(item.terms) for item in scored), default=0)
    best = scored[0]
    return [
        relevance[0],
        best.score,
        best.cosine,
        max((item.coverage for item in chosen), default=0.0),
        most / terms,
        float(terms - most),
        relevance[0] - relevance[1],
        relevance[0] - relevance[4],
        best.score - scored[1].score if len(scored) > 1 else 0.0,
        float(terms),
        float(answers.question_language(question) == "es"),
        float(hand_gates),
    ]


def _gate_objective(answered: Matrix, cases: Sequence[Case], chosen: Matrix) -> float:
    """Facts found plus unanswerable refused, each a rate per handbook, summed over the handbooks (``chosen`` rows)."""
    total = 0.0
    for handbook in HANDBOOKS:
        asked = [
            i for i in np.flatnonzero(chosen).tolist() if cases[i].handbook == handbook and cases[i].question.answerable
        ]
        other = [
            i
            for i in np.flatnonzero(chosen).tolist()
            if cases[i].handbook == handbook and not cases[i].question.answerable
        ]
        total += float(np.mean([answered[i] and cases[i].ungated_fact for i in asked])) if asked else 0.0
        total += float(np.mean([not answered[i] for i in other])) if other else 0.0
    return total


def fit_gate(cases: Sequence[Case], train: Matrix) -> tuple[Matrix, float]:
    """Raw-feature weights and constant of the learned gate (answer when ``x · w + c >= 0``), fitted on ``train``:
    a logistic regression on standardised features, its threshold the best for :func:`_gate_objective`, midway to
    the next lower training score."""
    x = np.array([c.gate for c in cases])
    answerable = np.array([c.question.answerable for c in cases], dtype=float)
    hard = np.array([c.hard_refusal for c in cases])
    fit = train & ~hard
    mean, scale = _standardise(x[fit])
    beta = fit_logistic((x[fit] - mean) / scale, answerable[fit], GATE_L2)
    weights = beta[:-1] / scale
    constant = float(beta[-1] - weights @ mean)
    scores = x @ weights + constant
    candidates = np.unique(scores[fit])
    best = max(candidates, key=lambda t: (_gate_objective((scores >= t) & ~hard, cases, train), -t))
    below = scores[fit][scores[fit] < best]
    threshold = (best + below.max()) / 2 if len(below) else best - 1.0
    return weights, constant - float(threshold)


def _rates(
    answered: Matrix, found: Sequence[bool], asked: Sequence[int], other: Sequence[int]
) -> tuple[float, float, float]:
    """(fact found, refused, wrongly refused) over the ``asked`` (answerable) and ``other`` (unanswerable) rows."""
    return (
        float(np.mean([answered[i] and found[i] for i in asked])),
        float(np.mean([not answered[i] for i in other])),
        float(np.mean([not answered[i] for i in asked])),
    )


def gate_figures(cases: Sequence[Case]) -> dict[str, list[tuple[float, float, float]]]:
    """Per handbook, (fact found, unanswerable refused, answerable wrongly refused): the gates now, the learned gate
    by 10-fold cross-validation (threshold chosen inside each fold, seeds averaged), and fitted on all questions."""
    x = np.array([c.gate for c in cases])
    hard = np.array([c.hard_refusal for c in cases])
    runs: list[Matrix] = []
    for seed in SEEDS:
        fold = _folds(len(cases), seed)
        answered = np.zeros(len(cases), dtype=bool)
        for f in range(FOLDS):
            weights, constant = fit_gate(cases, fold != f)
            test = fold == f
            answered[test] = (x[test] @ weights + constant >= 0) & ~hard[test]
        runs.append(answered)
    weights, constant = fit_gate(cases, np.ones(len(cases), dtype=bool))
    fitted = (x @ weights + constant >= 0) & ~hard
    now = np.array([not c.answer.escalate for c in cases])
    result: dict[str, list[tuple[float, float, float]]] = {}
    for handbook in HANDBOOKS:
        asked = [i for i, c in enumerate(cases) if c.handbook == handbook and c.question.answerable]
        other = [i for i, c in enumerate(cases) if c.handbook == handbook and not c.question.answerable]

        ungated = [c.ungated_fact for c in cases]
        now_found = [c.question.fact.lower() in c.answer.text.lower() for c in cases]
        learned = np.mean([_rates(run, ungated, asked, other) for run in runs], axis=0)
        result[handbook] = [
            _rates(now, now_found, asked, other),
            (learned[0], learned[1], learned[2]),
            _rates(fitted, ungated, asked, other),
        ]
    print(
        "learned gate, all tuning questions: "
        + ", ".join(f"{n} {w:.4f}" for n, w in zip(GATE_FEATURES, weights, strict=True))
        + f", constant {constant:.4f}"
    )
    return result


def quoted_by_learned(case: Case, pipeline: AnswerPipeline) -> Answer:
    """The answer with the sentences chosen under the weights in force, refused when today's gates refuse it: the
    learned weights choose, the hand-chosen sentence gate (on today's score) still decides refusal."""
    if case.answer.escalate:
        return case.answer
    vocabulary = pipeline.vocabulary()
    read = vocabulary.as_policies_say(case.question.question)
    passages = pipeline.retriever.search(read, k=SEARCH_DEPTH)
    return answers.compose_answer(
        read, passages, pipeline.embedder, matcher=pipeline.matcher, vocabulary=vocabulary, sentence_gate=-1.0
    )


def _percents(values: Sequence[float]) -> str:
    return " / ".join(f"{value:.1%}" for value in values)


def main() -> None:
    embedder = get_embedder("use-m3")
    cases: list[Case] = []
    pipelines: dict[str, AnswerPipeline] = {}
    with tempfile.TemporaryDirectory(prefix="answer-weights-") as scratch:
        for handbook, (docs, questions) in HANDBOOKS.items():
            home = Path(scratch) / handbook
            home.mkdir()
            database = Database(f"sqlite:///{home / 'records.db'}")
            upgrade(database.engine)
            index = ChromaIndex.open(IndexLocation(home=home), embedder)
            ingest([docs], index, database)
            pipelines[handbook] = AnswerPipeline(index, embedder)
            cases.extend(collect(handbook, pipelines[handbook], embedder, load_questions(questions)))
            database.dispose()
        print(f"{len(cases)} tuning questions; features: {', '.join(FEATURES)}")
        for handbook, (now, learned) in ranking_figures(cases).items():
            print(f"best sentence carries the fact, {handbook}: now {now:.1%}, learned (10-fold CV) {learned:.1%}")
        weights = fit_weights(cases)
        print(
            "learned weights (all tuning questions): "
            + ", ".join(f"{n} {w:.3f}" for n, w in zip(FEATURES, weights, strict=True))
        )
        before = answer_figures([(c, c.answer) for c in cases])
        with scoring_weights(weights):
            after = answer_figures([(c, pipelines[c.handbook].answer(c.question.question)[0]) for c in cases])
            chosen = answer_figures([(c, quoted_by_learned(c, pipelines[c.handbook])) for c in cases])
        for handbook in HANDBOOKS:
            print(
                f"answers, {handbook} (fact, refused, wrongly refused): now {_percents(before[handbook])}; "
                f"learned weights (in-sample) {_percents(after[handbook])}; "
                f"learned weights choosing, today's sentence gate refusing {_percents(chosen[handbook])}"
            )
        for handbook, pairs in mass_figures(cases, MASSES).items():
            print(
                f"quotes chosen by learned probability mass, {handbook} (fact, sentences chosen per answer): "
                f"now {pairs[0][0]:.1%}, {pairs[0][1]:.2f}; "
                + "; ".join(f"mass {m}: {f:.1%}, {n:.2f}" for m, (f, n) in zip(MASSES, pairs[1:], strict=True))
            )
        for handbook, (gates_now, cross_validated, in_sample) in gate_figures(cases).items():
            print(
                f"refusal, {handbook} (fact, refused, wrongly refused): gates now {_percents(gates_now)}; "
                f"learned gate, 10-fold CV {_percents(cross_validated)}; fitted on all {_percents(in_sample)}"
            )


if __name__ == "__main__":
    main()
