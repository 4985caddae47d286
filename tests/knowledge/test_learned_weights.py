"""The two small models of ``bench/answer_weights.py`` (issue 15, fourth round) fit what they are given."""

from __future__ import annotations

import numpy as np

from bench.answer_weights import fit_conditional_logit, fit_logistic


def test_the_logistic_regression_puts_the_telling_feature_first() -> None:
    rng = np.random.default_rng(7)
    x = rng.normal(size=(400, 2))
    y = (x[:, 0] + 0.2 * rng.normal(size=400) > 0).astype(float)  # only the first feature tells the classes apart
    beta = fit_logistic(x, y, l2=1.0)
    assert beta[0] > 3 * abs(beta[1])
    predicted = np.hstack([x, np.ones((400, 1))]) @ beta > 0
    assert (predicted == (y == 1)).mean() > 0.9


def test_the_conditional_logit_ranks_each_groups_positive_row_first() -> None:
    rng = np.random.default_rng(11)
    groups = []
    for _ in range(60):
        x = rng.normal(size=(6, 3))
        labels = np.zeros(6)
        labels[int(np.argmax(x[:, 1] + 0.1 * x[:, 2]))] = 1.0  # the second feature picks the answer
        groups.append((x, labels))
    beta = fit_conditional_logit(groups, l2=0.1)
    assert beta[1] > 3 * abs(beta[0])
    assert np.mean([labels[int(np.argmax(x @ beta))] for x, labels in groups]) > 0.9
