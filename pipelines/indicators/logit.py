"""Logistic regression by Newton–Raphson and the average marginal effect of one binary column, in numpy.

The adjusted gap of INDICATORS.md (« Adhesion and targeting ») is the discrete-change average marginal
effect that statsmodels computes with `Logit(y, X).fit().get_margeff(at="overall", dummy=True)`; its
standard error comes from the delta method on the inverse of the observed information. statsmodels
imports pandas and scipy, which cost seconds at the start of `assll indicators` (issue 13): the few
lines needed are written here and checked against statsmodels in tests/test_logit.py.

The fit reports what makes the estimate meaningless instead of returning a number: an outcome that does
not vary, a column that predicts the outcome perfectly (separation: the likelihood has no maximum), a
fit that does not converge, or an exposure column that the other columns determine.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

MAX_ITER = 100
TOL = 1e-8
# A linear predictor beyond this gives a fitted probability within 1e-13 of 0 or 1: the likelihood is
# still climbing towards a separation, not at a maximum.
ETA_LIMIT = 30.0


class FitError(Exception):
    """The model cannot give the estimate; `kind` is "separation", "convergence" or "collinear"."""

    def __init__(self, kind: str, detail: str = "") -> None:
        super().__init__(detail or kind)
        self.kind = kind
        self.detail = detail


@dataclass(frozen=True)
class LogitFit:
    params: npt.NDArray[np.float64]
    cov: npt.NDArray[np.float64]
    iterations: int


@dataclass(frozen=True)
class MarginalEffect:
    """Mean over the sample of P(1 | column = 1, xᵢ) − P(1 | column = 0, xᵢ), as a fraction, and its
    delta-method standard error."""

    effect: float
    se: float


def _sigmoid(eta: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    return 1.0 / (1.0 + np.exp(-eta))


def fit(y: np.ndarray, x: np.ndarray, max_iter: int = MAX_ITER, tol: float = TOL) -> LogitFit:
    """Maximum likelihood of a logistic regression of y (0/1) on the columns of x (intercept included by
    the caller). Raises FitError when there is no finite maximum or the columns are not independent."""
    y = np.asarray(y, dtype=np.float64)
    x = np.asarray(x, dtype=np.float64)
    if y.size == 0 or y.min() == y.max():
        raise FitError("separation", "l'issue est la même pour tous")
    if np.linalg.matrix_rank(x) < x.shape[1]:
        raise FitError("collinear", "des colonnes du modèle sont redondantes")
    params = np.zeros(x.shape[1])
    iterations = 0
    for iterations in range(1, max_iter + 1):  # noqa: B007 (the count is kept in the result)
        p = _sigmoid(x @ params)
        score = x.T @ (y - p)
        information = (x * (p * (1 - p))[:, None]).T @ x
        try:
            step = np.linalg.solve(information, score)
        except np.linalg.LinAlgError as exc:
            raise FitError("separation", "information singulière") from exc
        params = params + step
        if not np.all(np.isfinite(params)):
            raise FitError("convergence", "paramètres infinis")
        if np.max(np.abs(step)) < tol:
            break
    else:
        if np.max(np.abs(x @ params)) > ETA_LIMIT:
            raise FitError("separation", "probabilités estimées de 0 ou 1")
        raise FitError("convergence", f"pas de convergence en {max_iter} itérations")
    if np.max(np.abs(x @ params)) > ETA_LIMIT:
        raise FitError("separation", "probabilités estimées de 0 ou 1")
    p = _sigmoid(x @ params)
    information = (x * (p * (1 - p))[:, None]).T @ x
    return LogitFit(params, np.linalg.inv(information), iterations)


def independent_columns(x: np.ndarray) -> list[int]:
    """Column 0 (intercept), column 1 (exposure) and the covariate columns that add to the rank of those before
    them: dropping a covariate column that the others already span changes neither the fitted probabilities nor
    the average marginal effect. FitError("collinear") when the other columns determine the exposure: its effect
    cannot be told apart from theirs."""
    x = np.asarray(x, dtype=np.float64)
    if np.linalg.matrix_rank(np.delete(x, 1, axis=1)) == np.linalg.matrix_rank(x):
        raise FitError("collinear", "l'exposition est déterminée par les autres colonnes")
    kept, rank = [0, 1], 2
    for j in range(2, x.shape[1]):
        if np.linalg.matrix_rank(x[:, [*kept, j]]) > rank:
            kept.append(j)
            rank += 1
    return kept


def average_marginal_effect(result: LogitFit, x: np.ndarray, column: int) -> MarginalEffect:
    """Discrete change of `column` (set to 1, then to 0, for every row), averaged over the rows."""
    x = np.asarray(x, dtype=np.float64)
    x1, x0 = x.copy(), x.copy()
    x1[:, column], x0[:, column] = 1.0, 0.0
    p1, p0 = _sigmoid(x1 @ result.params), _sigmoid(x0 @ result.params)
    gradient = ((p1 * (1 - p1))[:, None] * x1 - (p0 * (1 - p0))[:, None] * x0).mean(axis=0)
    variance = float(gradient @ result.cov @ gradient)
    return MarginalEffect(float((p1 - p0).mean()), float(np.sqrt(max(variance, 0.0))))


def perfect_levels(y: np.ndarray, codes: np.ndarray) -> list[int]:
    """The levels (codes) within which the outcome never varies: each predicts it perfectly."""
    y = np.asarray(y)
    return [int(c) for c in np.unique(codes) if np.ptp(y[codes == c]) == 0]
