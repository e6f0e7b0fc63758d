"""Exercises of notebook 12 (the release review).

q1 picks the high-risk use cases among six (Annex III of the AI Act); q2 names the requirement
that each of five gaps falls short of; q3 decides a given evidence set and says which rows decide
it. The right answers are the regulation's and the notebook's own rule
(:func:`coursekit.review.recommended_decision`), not a reference computation.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pandas as pd

from coursekit.exercises.core import Exercise, Incorrect, as_names, bind_exercises, describe
from coursekit.review import ARTICLES, normalised_decision, recommended_decision

NOTEBOOK = "12_release_review"

# --- q1: which use cases are high-risk? ----------------------------------------------------

USE_CASES = {
    "a": "scoring the creditworthiness of people who apply for a personal loan",
    "b": "flagging card payments that look like fraud, for the fraud team to check",
    "c": "pricing life and health insurance for individual customers",
    "d": "a chatbot on the website that answers questions about branch opening hours",
    "e": "scoring the creditworthiness of limited companies that apply for a business loan",
    "f": "ranking the CVs of people who apply for a job at the lender",
}
HIGH_RISK = {"a", "c", "f"}
WHY_USE_CASE = {
    "a": "Annex III, point 5(b), names exactly this: the creditworthiness of natural persons",
    "b": "point 5(b) excepts systems used to detect financial fraud",
    "c": "Annex III, point 5(c): risk assessment and pricing of life and health insurance for "
    "natural persons",
    "d": "it decides nothing about anyone; the Act asks only that people be told they are "
    "talking to a machine (Art. 50)",
    "e": "point 5(b) is about natural persons; a limited company is not one",
    "f": "Annex III, point 4(a): analysing and filtering job applications",
}


def _letters(answer: Any, what: str, known: dict) -> list[str]:
    return as_names(answer, what, known=list(known), known_as="one of the letters", example="['a']")


def _check_high_risk(high_risk) -> str:
    chosen = set(_letters(high_risk, "high_risk", USE_CASES))
    wrong_in = sorted(chosen - HIGH_RISK)
    left_out = sorted(HIGH_RISK - chosen)
    if wrong_in or left_out:
        parts = [f"({k}) is not high-risk: {WHY_USE_CASE[k]}" for k in wrong_in]
        parts += [f"({k}) is high-risk: {WHY_USE_CASE[k]}" for k in left_out]
        raise Incorrect("; ".join(parts) + ".")
    return (
        "(a), (c) and (f) are high-risk: credit scoring, life and health insurance pricing and "
        "recruitment are named in Annex III. Fraud detection is excepted, a chatbot decides "
        "nothing, and a company is not a natural person."
    )


# --- q2: which requirement does each gap fall short of? ------------------------------------

GAPS = {
    "a": "Six months after launch an applicant complains; nobody can tell which model version "
    "scored her, or with which inputs.",
    "b": "The training data were never examined for possible biases.",
    "c": "Loan officers see a recommendation they cannot question, and have no way to overrule it.",
    "d": "The branches received the model with no statement of its purpose, its accuracy or its "
    "known limits.",
    "e": "Nobody tested what the model does when an input is missing or out of range.",
}
GAP_ARTICLE = {"a": 12, "b": 10, "c": 14, "d": 13, "e": 15}
ARTICLE_IS = {
    9: "risk management",
    10: "data and data governance",
    11: "technical documentation",
    12: "record-keeping (logs)",
    13: "transparency and instructions for use",
    14: "human oversight",
    15: "accuracy, robustness and cybersecurity",
    17: "the quality-management system",
    26: "the deployer's duties",
    27: "the fundamental-rights impact assessment",
    43: "conformity assessment",
    72: "post-market monitoring",
    86: "the right to an explanation",
}
ARTICLE_TEXT = re.compile(r"^\s*(?:art(?:icle|\.)?\s*)?(\d+)\s*$", re.IGNORECASE)


def _article_number(value: Any, where: str) -> int:
    """An article's number from 12, 12.0, '12', 'Art. 12' or 'article 12'; ``where`` names the
    answer in the message ("gap (a)", "each entry of because")."""
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, bool):
        raise Incorrect(f"For {where} give an article number, e.g. 12, not {value!r}.")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and ARTICLE_TEXT.match(value):
        return int(ARTICLE_TEXT.match(value).group(1))
    raise Incorrect(
        f"For {where} give the article's number, e.g. 12 or 'Art. 12'; you gave {describe(value)}."
    )


def _check_articles(articles) -> str:
    if isinstance(articles, pd.Series):
        articles = articles.to_dict()
    if not isinstance(articles, dict):
        raise Incorrect(
            f"articles should be a dict from each gap's letter to an article, e.g. "
            f"{{'a': 12, ...}}; you gave {describe(articles)}."
        )
    keys = {str(k).strip().lower(): v for k, v in articles.items()}
    unknown = sorted(set(keys) - set(GAPS))
    if unknown:
        raise Incorrect(f"{unknown} are not gaps here: the keys are the letters {sorted(GAPS)}.")
    missing = sorted(set(GAPS) - set(keys))
    if missing:
        raise Incorrect(f"Give an article for every gap: {missing} are missing.")
    given = {gap: _article_number(value, f"gap ({gap})") for gap, value in keys.items()}
    outside = {g: n for g, n in given.items() if n not in ARTICLE_IS}
    if outside:
        raise Incorrect(
            "; ".join(
                f"Art. {n} (gap {g}) is not among the requirements of the notebook's map"
                for g, n in sorted(outside.items())
            )
            + f". Choose from {', '.join(ARTICLES)}."
        )
    wrong = {g: n for g, n in given.items() if n != GAP_ARTICLE[g]}
    if wrong:
        raise Incorrect(
            "; ".join(
                f"gap ({g}): Art. {n} is about {ARTICLE_IS[n]}, which is not what is missing there"
                for g, n in sorted(wrong.items())
            )
            + "."
        )
    return (
        "Logs (Art. 12), the bias examination (Art. 10), oversight with the power to override "
        "(Art. 14), instructions for use (Art. 13) and robustness (Art. 15)."
    )


# --- q3: decide a given evidence set --------------------------------------------------------


def scenario() -> pd.DataFrame:
    """A given evidence set for the exercise: a candidate whose bias examination failed."""
    rows = [
        ("Art. 9", "release criteria fixed before any model", "partial"),
        ("Art. 10", "data card, checksum verified", "current"),
        ("Art. 10", "bias examination on the gate set", "failed"),
        ("Art. 11", "model card", "partial"),
        ("Art. 12", "log of individual decisions", "gap"),
        ("Art. 13", "intended use and limits in the model card", "current"),
        ("Art. 14", "an officer decides", "partial"),
        ("Art. 15", "the quality gate's performance checks", "current"),
        ("Art. 27", "fundamental-rights impact assessment", "gap"),
    ]
    return pd.DataFrame(rows, columns=["article", "evidence", "status"])


def _check_decision(decision, because) -> str:
    expected, _ = recommended_decision(scenario())
    if not isinstance(decision, str):
        raise Incorrect(
            f"decision is text, one of 'go', 'go with conditions' or 'no-go'; you gave "
            f"{describe(decision)}."
        )
    try:
        given = normalised_decision(decision)
    except ValueError as error:
        raise Incorrect(str(error)) from None
    table = scenario()
    failed = sorted(set(table.loc[table["status"] == "failed", "article"]))
    gaps = sorted(set(table.loc[table["status"].isin(["partial", "gap"]), "article"]))
    if given != expected:
        if given == "go with conditions":
            raise Incorrect(
                "A condition is something still to be done, such as a log to build. One row "
                "shows a requirement that is not met: read the status column for it."
            )
        raise Incorrect(
            "Every row that is not 'current' is open, and one of them is worse than open: "
            "what does a failed row mean for the release?"
        )
    chosen = _articles_of(because)
    if set(chosen) != set(failed):
        extra = sorted(set(chosen) - set(failed))
        if extra and set(extra) <= set(gaps):
            raise Incorrect(
                f"{', '.join(extra)} {'is' if len(extra) == 1 else 'are'} open, not failed: an "
                "open requirement becomes a condition of a go; it does not stop the release."
            )
        raise Incorrect(
            f"because should list the articles whose rows decide a no-go: those with the status "
            f"'failed'; you gave {chosen}."
        )
    return (
        "No-go: the bias examination failed (Art. 10). The open rows would be conditions, but a "
        "failed requirement is not closed by a promise; the team retrains or mitigates, then "
        "reviews again."
    )


def _articles_of(because: Any) -> list[str]:
    if isinstance(because, str | int | np.integer):
        because = [because]
    if isinstance(because, dict) or not isinstance(
        because, list | tuple | set | pd.Series | pd.Index | np.ndarray
    ):
        raise Incorrect(
            f"because should be a list of articles, e.g. ['Art. 12']; you gave {describe(because)}."
        )
    names = []
    for value in because:
        number = _article_number(value, "each entry of because")
        names.append(f"Art. {number}")
    return names


q1 = Exercise(
    answers=("high_risk",),
    title="which use cases are high-risk",
    checker=_check_high_risk,
    hint_text=(
        "Annex III lists areas, not techniques. For each case ask: is a natural person being "
        "scored, ranked or priced in one of the listed areas (credit, insurance, employment), "
        "and does an exception apply?"
    ),
    how_to_start="Set high_risk to a list of letters, e.g. ['a'], then run the cell.",
)
q2 = Exercise(
    answers=("articles",),
    title="which requirement each gap falls short of",
    checker=_check_articles,
    hint_text=(
        "For each gap ask what would have prevented it: a record of what happened, data that "
        "were examined, a person able to intervene, a document for the users, a test."
    ),
    how_to_start="Set articles to a dict, e.g. {'a': 12, 'b': ...}, then run the cell.",
)
q3 = Exercise(
    answers=("decision", "because"),
    title="decide a given evidence set",
    checker=_check_decision,
    hint_text=(
        "Read the status column: which rows are open (partial, gap) and which show a "
        "requirement that is not met? The notebook's rule says what each kind does to a release."
    ),
    how_to_start=(
        "Set decision to 'go', 'go with conditions' or 'no-go', and because to a list of the "
        "articles whose rows decide it, e.g. ['Art. 12'], then run the cell."
    ),
)

bind_exercises(globals(), NOTEBOOK)
