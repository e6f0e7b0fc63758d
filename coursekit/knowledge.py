"""Knowledge checks: a few multiple-choice questions per notebook, on the ideas, not the code.

Each notebook's questions live in ``coursekit/knowledge_checks/kcNN.py`` as a tuple
``QUESTIONS`` of :class:`Question`. Every option carries feedback that says why it is right or
wrong, so a learner who picks a wrong option learns something from it; the right answer is
shown only on request (``answer()``). The same questions serve as polls in the decks.

In a notebook::

    kc = knowledge_check("05")
    kc.show()            # every question with its lettered options
    kc.q1.check("b")     # the feedback of option (b)
    kc.q1.answer()       # the right option(s), with why

``check`` never raises: an empty answer is "not attempted yet", an answer that is not one of
the letters says which letters there are.
"""

from __future__ import annotations

import importlib
import re
import string
from collections.abc import Iterable
from dataclasses import dataclass

from coursekit.exercises.core import ____

LETTERS = string.ascii_lowercase
MIN_OPTIONS, MAX_OPTIONS = 3, 5


@dataclass(frozen=True)
class Option:
    """One answer to a question, whether it is right, and the feedback a learner who picks it
    reads: why it is right, or what it gets wrong."""

    text: str
    feedback: str
    right: bool = False


@dataclass(frozen=True)
class Question:
    """A multiple-choice question. ``several`` is True when more than one option is right; the
    prompt then says so ("choose all that apply")."""

    prompt: str
    options: tuple[Option, ...]
    several: bool = False
    key: str = ""  # set by KnowledgeCheck: "q1", "q2", ...

    @property
    def label(self) -> str:
        """How messages name the question: "Question 2" for ``q2``."""
        return f"Question {self.key[1:]}" if self.key else "This question"

    @property
    def right_letters(self) -> str:
        return "".join(LETTERS[i] for i, option in enumerate(self.options) if option.right)

    def text(self) -> str:
        """The question and its lettered options, as a notebook prints it."""
        lines = [f"{self.label}. {self.prompt}"]
        lines += [f"   ({LETTERS[i]}) {option.text}" for i, option in enumerate(self.options)]
        return "\n".join(lines)

    def _letters(self, answer) -> str | None:
        """The chosen letters, or None (and a printed reason) if the answer is not usable."""
        if answer is None or answer is ____ or answer == "":
            print(
                f"{self.label}: not attempted yet. Pass the letter of your choice, e.g. "
                f"kc.{self.key}.check('a')" + (" (or several, e.g. 'ac')." if self.several else ".")
            )
            return None
        if isinstance(answer, str):
            chosen = re.sub(r"[\s,;()]+", "", answer.lower())
        elif isinstance(answer, Iterable):
            chosen = "".join(str(item).strip().lower() for item in answer)
        else:
            chosen = str(answer)
        valid = LETTERS[: len(self.options)]
        if (
            not chosen
            or any(letter not in valid for letter in chosen)
            or len(set(chosen)) < len(chosen)
        ):
            print(
                f"{self.label}: {answer!r} is not one of the letters {', '.join(valid)}. Pass the "
                "letter of the option you choose"
                + (", or several letters." if self.several else ".")
            )
            return None
        if len(chosen) > 1 and not self.several:
            print(f"{self.label}: choose one letter; this question has one right option.")
            return None
        return "".join(sorted(chosen))

    def check(self, answer=None) -> None:
        """Print the feedback for ``answer`` (a letter, or letters when ``several``)."""
        chosen = self._letters(answer)
        if chosen is None:
            return
        for letter in chosen:
            option = self.options[LETTERS.index(letter)]
            mark = "✅" if option.right else "❌"
            print(f"{self.label} ({letter}) {mark} {option.feedback}")
        if self.several:
            missing = sorted(set(self.right_letters) - set(chosen))
            if not missing and all(self.options[LETTERS.index(c)].right for c in chosen):
                print(f"{self.label}: all the right options, and only those.")
            elif missing:
                print(f"{self.label}: {len(missing)} right option(s) not chosen yet; look again.")
        elif not self.options[LETTERS.index(chosen)].right:
            print(f"{self.label}: not this one; try another, or call kc.{self.key}.answer().")

    def answer(self) -> None:
        """Print the right option(s) and why."""
        for letter in self.right_letters:
            option = self.options[LETTERS.index(letter)]
            print(f"{self.label} ({letter}) {option.text}\n  {option.feedback}")


class KnowledgeCheck:
    """The questions of one notebook, as ``q1``, ``q2``, …"""

    def __init__(self, notebook: str, questions: Iterable[Question]) -> None:
        self.notebook = notebook
        self.questions = tuple(
            Question(q.prompt, q.options, q.several, key=f"q{i}")
            for i, q in enumerate(questions, start=1)
        )
        for question in self.questions:
            setattr(self, question.key, question)

    def show(self) -> None:
        """Print every question with its lettered options."""
        print("\n\n".join(question.text() for question in self.questions))

    def check_all(self, answers=None) -> None:
        """Check one answer per question, in order: a list such as ``["b", "c", "ac", "a"]``,
        or, when every question has one right option, a string of letters such as ``"bcda"``."""
        count = len(self.questions)
        if answers is None or answers is ____ or answers == "":
            print(
                f"Not attempted yet: set my_answers to {count} letters, one per question in "
                f"order, e.g. {'abcde'[:count]!r}"
                + (
                    ", or a list such as ['a', 'bc', ...] (a question that says 'choose all "
                    "that apply' takes several letters)."
                    if any(q.several for q in self.questions)
                    else "."
                )
            )
            return
        if isinstance(answers, str):
            if any(q.several for q in self.questions):
                print(
                    "A question here takes several letters, so give a list with one entry per "
                    "question, e.g. ['a', 'bc', ...], not one string."
                )
                return
            answers = list(re.sub(r"[\s,;]+", "", answers))
        answers = list(answers) if isinstance(answers, Iterable) else [answers]
        if len(answers) != count:
            print(f"You gave {len(answers)} answers; this check has {count} questions.")
            return
        for question, answer in zip(self.questions, answers, strict=True):
            question.check(answer)


def problems(question: Question) -> list[str]:
    """What is wrong with a question as written (empty when it is fit to ask).

    Three to five options, none repeated; every option with feedback; exactly one right option,
    or, for ``several``, at least two and a prompt that says so; no right option's text in the
    prompt (a question must not give its answer away).
    """
    found = []
    if not MIN_OPTIONS <= len(question.options) <= MAX_OPTIONS:
        found.append(f"has {len(question.options)} options, not {MIN_OPTIONS} to {MAX_OPTIONS}")
    texts = [option.text.strip().lower() for option in question.options]
    if len(set(texts)) < len(texts):
        found.append("repeats an option")
    if any(len(option.feedback.split()) < 6 for option in question.options):
        found.append("has an option without real feedback (fewer than six words)")
    right = sum(option.right for option in question.options)
    if question.several:
        if right < 2:
            found.append("is marked several but has fewer than two right options")
        if "all that apply" not in question.prompt.lower():
            found.append("has several right options but does not say 'all that apply'")
    elif right != 1:
        found.append(f"has {right} right options, not exactly one")
    prompt = question.prompt.lower()
    for option in question.options:
        if option.right and len(option.text) > 12 and option.text.strip().lower() in prompt:
            found.append("gives its answer away: the right option's text is in the prompt")
    return found


def knowledge_check(notebook: str) -> KnowledgeCheck:
    """The knowledge check of ``notebook`` ("01" to "12")."""
    number = str(notebook).zfill(2)[:2]
    try:
        module = importlib.import_module(f"coursekit.knowledge_checks.kc{number}")
    except ModuleNotFoundError:
        raise ValueError(
            f"No knowledge check for notebook {notebook!r}; they exist for 01 to 12."
        ) from None
    return KnowledgeCheck(number, module.QUESTIONS)
