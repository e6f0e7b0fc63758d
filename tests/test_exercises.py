"""Every checker accepts the right answer, rejects plausible wrong ones, and never raises."""

import importlib
import pkgutil

import pytest
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler

import coursekit.exercises
from coursekit import load_loans
from coursekit.exercises import Exercise, ____
from coursekit.exercises.core import Incorrect, check_number, solution_blocks
from coursekit.features import (
    CATEGORICAL_FEATURES,
    NUMERIC_FEATURES,
    make_preprocessor,
    split_loans,
)


def _split():
    return split_loans(load_loans())


def _fitted_logistic():
    X_train, X_test, y_train, y_test = _split()
    model = make_pipeline(make_preprocessor(), LogisticRegression(max_iter=1000))
    return model.fit(X_train, y_train), X_train, X_test, y_train, y_test


def _auc_from_labels():
    model, _, X_test, _, y_test = _fitted_logistic()
    return roc_auc_score(y_test, model.predict(X_test))


def _accuracy():
    model, _, X_test, _, y_test = _fitted_logistic()
    return accuracy_score(y_test, model.predict(X_test))


def _train_auc():
    model, X_train, _, y_train, _ = _fitted_logistic()
    return roc_auc_score(y_train, model.predict_proba(X_train)[:, 1])


def _test_auc():
    model, _, X_test, _, y_test = _fitted_logistic()
    return roc_auc_score(y_test, model.predict_proba(X_test)[:, 1])


def _transformer(numeric_step, categorical_step, numeric=NUMERIC_FEATURES):
    return ColumnTransformer(
        [("n", numeric_step, numeric), ("c", categorical_step, CATEGORICAL_FEATURES)]
    )


# exercise -> (right answer factory, [(wrong answer factory, words the message must contain)])
CASES = {
    "ex00.q1": (
        lambda: len(load_loans()),
        [
            (lambda: len(load_loans(raw=True)), "raw file"),
            (lambda: load_loans().shape[1], "columns"),
            (lambda: 4999, "too low"),
        ],
    ),
    "ex00.q2": (
        lambda: load_loans()["approved"].mean(),
        [
            (lambda: load_loans()["approved"].sum(), "divide by the number of rows"),
            (lambda: 100 * load_loans()["approved"].mean(), "percentage"),
            (lambda: load_loans().query("group == 'A'")["approved"].mean(), "group A"),
            (lambda: "0.57", "too"),  # a string that parses is still compared by value
        ],
    ),
    "ex01.q1": (
        lambda: ["application_id", "group", "repaid", "approved"],
        [
            (lambda: ["approved", "group"], "application_id"),
            (lambda: ["application_id", "group", "approved"], "target leakage"),
            (lambda: ["application_id", "group", "repaid", "approved", "district"], "notebook 05"),
            (lambda: ["application_id", "group", "repaid", "approved", "income"], "keep them"),
            (lambda: ["application_id", "group", "repaid", "approved", "zip"], "not columns"),
            (lambda: "approved", "list"),
        ],
    ),
    "ex01.q2": (
        make_preprocessor,
        [
            (lambda: _transformer(StandardScaler(), OneHotEncoder()), "handle_unknown"),
            (lambda: _transformer(StandardScaler(), StandardScaler()), "text column"),
            (lambda: _transformer(StandardScaler(), OrdinalEncoder()), "order"),
            (
                lambda: _transformer("passthrough", OneHotEncoder(handle_unknown="ignore")),
                "StandardScaler",
            ),
            (
                lambda: _transformer(
                    OneHotEncoder(handle_unknown="ignore"), OneHotEncoder(handle_unknown="ignore")
                ),
                "one-hot encoding it",
            ),
            (
                lambda: _transformer(
                    StandardScaler(), OneHotEncoder(handle_unknown="ignore"), NUMERIC_FEATURES[1:]
                ),
                "'age' is not in any transformer",
            ),
            (
                lambda: _transformer(
                    StandardScaler(),
                    OneHotEncoder(handle_unknown="ignore"),
                    NUMERIC_FEATURES + ["repaid"],
                ),
                "leakage",
            ),
            (lambda: make_pipeline(make_preprocessor()), "Pipeline"),
            (lambda: StandardScaler(), "ColumnTransformer"),
        ],
    ),
    "ex01.q3": (
        _test_auc,
        [
            (_auc_from_labels, "hard 0/1"),
            (_accuracy, "accuracy"),
            (_train_auc, "training set"),
            (lambda: 0.75, "LogisticRegression"),
            (lambda: float("nan"), "NaN"),
        ],
    ),
}


def all_exercises() -> dict[str, Exercise]:
    found = {}
    for module_info in pkgutil.iter_modules(coursekit.exercises.__path__):
        if not module_info.name.startswith("ex"):
            continue
        module = importlib.import_module(f"coursekit.exercises.{module_info.name}")
        for name, value in vars(module).items():
            if isinstance(value, Exercise):
                found[f"{module_info.name}.{name}"] = value
    return found


EXERCISES = all_exercises()


def test_every_exercise_has_test_cases():
    assert set(EXERCISES) == set(CASES), "add right and wrong answers for new exercises"


@pytest.mark.parametrize("name", sorted(CASES))
def test_right_answer_is_accepted(name):
    right, _ = CASES[name]
    outcome = EXERCISES[name].evaluate(right())
    assert outcome.status == "correct", outcome.message


@pytest.mark.parametrize(
    "name, wrong, words",
    [(name, wrong, words) for name, (_, wrongs) in CASES.items() for wrong, words in wrongs],
)
def test_plausible_wrong_answer_is_rejected_with_a_reason(name, wrong, words):
    outcome = EXERCISES[name].evaluate(wrong())
    assert outcome.status == "incorrect"
    assert words in outcome.message


@pytest.mark.parametrize("name", sorted(CASES))
def test_placeholder_means_not_attempted_and_says_how_to_start(name, capsys):
    exercise = EXERCISES[name]
    outcome = exercise.evaluate(____)
    assert outcome.status == "not_attempted"
    assert exercise.how_to_start in outcome.message
    exercise.check(____)  # prints, never raises
    assert "Not attempted yet" in capsys.readouterr().out


@pytest.mark.parametrize("name", sorted(CASES))
def test_hint_and_solution_are_shown(name, capsys):
    exercise = EXERCISES[name]
    exercise.hint()
    exercise.solution()
    out = capsys.readouterr().out
    assert exercise.hint_text in out
    assert exercise.solution_code().strip()
    assert "BEGIN SOLUTION" not in exercise.solution_code()


def test_solution_without_solutions_folder_points_to_the_hint(monkeypatch, tmp_path):
    monkeypatch.setattr("coursekit.exercises.core.repo_root", lambda: tmp_path)
    assert "hint()" in EXERCISES["ex00.q1"].solution_code()


def test_check_number_explains_non_numbers_and_nan():
    with pytest.raises(Incorrect, match="True/False"):
        check_number(True, 1.0, tolerance=0.1, what="x")
    with pytest.raises(Incorrect, match="a list"):
        check_number([1], 1.0, tolerance=0.1, what="x")
    assert check_number(1.05, 1.0, tolerance=0.1, what="x") == 1.05


def test_placeholder_is_falsy_and_prints_as_blank():
    assert not ____
    assert repr(____) == "____"


def test_solution_blocks_extracts_each_block():
    source = (
        "a = 1\n# BEGIN SOLUTION\nb = 2\n# END SOLUTION\n"
        "c = 3\n# BEGIN SOLUTION\nd = 4\n# END SOLUTION"
    )
    assert solution_blocks(source) == ["b = 2", "d = 4"]
