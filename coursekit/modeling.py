"""The candidate models of notebook 03, shared with the notebooks that evaluate them.

Every candidate is a :class:`~sklearn.pipeline.Pipeline` of the course's preprocessor and one
classifier, seeded, with settings small enough to fit in a second or two on a laptop.
"""

from __future__ import annotations

from numbers import Real

from sklearn.base import ClassifierMixin
from sklearn.dummy import DummyClassifier
from sklearn.ensemble import HistGradientBoostingClassifier, RandomForestClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import FixedThresholdClassifier
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import Pipeline

from coursekit.business import CHOSEN_THRESHOLD
from coursekit.features import RANDOM_STATE, make_preprocessor

# The model notebook 03 chooses by evidence (best mean cross-validated ROC-AUC, and the simplest
# model within one standard deviation of it); 03 asserts its evidence still points here, and
# notebooks 04 onwards evaluate, audit and explain this model.
CHOSEN_MODEL = "logistic regression"


def make_pipeline_for(classifier: ClassifierMixin) -> Pipeline:
    """The course's preprocessor, then ``classifier``: steps "preprocess" and "classify"."""
    if not hasattr(classifier, "fit"):
        raise TypeError(
            f"classifier must be a scikit-learn estimator with fit(), got {type(classifier)!r}."
        )
    return Pipeline([("preprocess", make_preprocessor()), ("classify", classifier)])


def candidate_models(random_state: int = RANDOM_STATE) -> dict[str, Pipeline]:
    """Fresh, unfitted pipelines of the five candidates, by display name.

    ``"baseline"`` predicts the majority class with the training prior as its score, the
    floor every other model must beat.
    """
    return {
        "baseline": make_pipeline_for(DummyClassifier(strategy="prior")),
        "logistic regression": make_pipeline_for(LogisticRegression(max_iter=1000)),
        "random forest": make_pipeline_for(
            RandomForestClassifier(n_estimators=200, min_samples_leaf=5, random_state=random_state)
        ),
        "gradient boosting": make_pipeline_for(
            HistGradientBoostingClassifier(
                learning_rate=0.05, max_iter=200, early_stopping=False, random_state=random_state
            )
        ),
        "neural network": make_pipeline_for(
            MLPClassifier(
                hidden_layer_sizes=(32,),
                alpha=1e-3,
                early_stopping=True,
                max_iter=300,
                random_state=random_state,
            )
        ),
    }


def decision_model(threshold: float = CHOSEN_THRESHOLD) -> FixedThresholdClassifier:
    """Notebook 03's chosen pipeline with notebook 04's threshold inside it, unfitted.

    ``fit(X_train, y_train)`` fits the pipeline; ``predict`` then approves (1) when the score is
    at least ``threshold``, so the threshold travels with the model as its preprocessing does;
    ``predict_proba`` gives the scores, and ``.estimator_`` the fitted pipeline. Notebook 05
    decides with it; :func:`coursekit.gate.build_course_model` builds notebook 10's shipped
    model with it (fitted to ``repaid``, at the gate's threshold).
    """
    if isinstance(threshold, bool) or not isinstance(threshold, Real) or not 0 < threshold < 1:
        raise ValueError(f"threshold must be a number strictly between 0 and 1, got {threshold!r}.")
    return FixedThresholdClassifier(
        candidate_models()[CHOSEN_MODEL], threshold=threshold, response_method="predict_proba"
    )
