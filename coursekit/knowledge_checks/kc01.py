"""Knowledge check, notebook 01 (first pipeline): features, pipelines, cross-validation, seeds."""

from coursekit.knowledge import Option, Question

QUESTIONS = (
    Question(
        "The forest's built-in (impurity) importance ranks application_id at 0.090, beside age "
        "at 0.087. Shuffling application_id in the test rows leaves the ROC-AUC where it was. "
        "What should the team do with application_id?",
        (
            Option(
                "Keep it: it explains about 9 % of what the forest gets right.",
                "Impurity importance is not a share of correct predictions: it measures how much "
                "the splits on the training rows used a column, and it favours columns with many "
                "distinct values.",
            ),
            Option(
                "Keep it: the held-out test shows the forest ignores it, so it does no harm.",
                "Harmless today is not the test. A file number says nothing about the applicant, "
                "and a model that used it would change whenever the lender renumbered its files.",
            ),
            Option(
                "Drop it, because an identifier says nothing at all about the applicant.",
                "Right. Some columns go whatever any importance says: identifiers, outcomes known "
                "only later, such as repaid, and the protected attribute. Importances show what "
                "a model uses, not what it may use.",
                right=True,
            ),
            Option(
                "Let a held-out measure decide: keep it if shuffling it ever lowers the ROC-AUC.",
                "A measurement cannot give permission. Even if the forest did rely on the file "
                "number, that would be a pattern of the lender's numbering, not of applicants.",
            ),
        ),
    ),
    Question(
        "In the article's script, the encoding of categories and the scaling are done by hand, "
        "outside the model. The course puts both inside a pipeline. What does that change?",
        (
            Option(
                "The model becomes more accurate, because a pipeline preprocesses the data better.",
                "The steps are the same scaling and encoding; what changes is where they learn "
                "their settings and that they travel with the model, not how good they are.",
            ),
            Option(
                "Their settings come from the training rows only, and travel with the model.",
                "Right. The scaling and the categories are refitted in every cross-validation "
                "fold without seeing the fold they are scored on, and one saved pipeline scores "
                "a new applicant with no step repeated by hand.",
                right=True,
            ),
            Option(
                "The pipeline adds a column for any new category, such as a new district, when "
                "it scores.",
                "Categories are learned when the pipeline is fitted. A category it has never seen, "
                "like Westbrook, gets no column: the course's encoder scores it as all zeros.",
            ),
            Option(
                "The team no longer has to decide which columns the model may see.",
                "The team still names the features. The preprocessor uses only the columns it was "
                "told about and drops the rest, which is what keeps group and repaid out.",
            ),
        ),
    ),
    Question(
        "On the same five folds, logistic regression scores a ROC-AUC of 0.768 ± 0.005 and the "
        "random forest 0.732 ± 0.007. Logistic regression is ahead on all five folds, by 0.036 "
        "on average. What can the team conclude?",
        (
            Option(
                "Nothing yet: only a score on the test set can compare two models.",
                "The test set is for reporting the chosen model once. A comparison on shared folds "
                "of the training split is where models are chosen, and this one is clear.",
            ),
            Option(
                "The two are practically equal, because both are well above the 0.5 of guessing.",
                "Being above guessing does not make two models equal. A gap of 0.036 is several "
                "times the spread of either model, and it has the same sign on every fold.",
            ),
            Option(
                "The forest should still win once tuned, since it is the more flexible model.",
                "Flexibility is not evidence. These folds show the simpler model ranking "
                "applicants better; a tuned forest would have to show it on the same folds.",
            ),
            Option(
                "On these data, logistic regression ranks applicants better, fold after fold.",
                "Right. Because the folds are shared, an easy fold is easy for both models; the "
                "paired difference removes that and is positive every time, large next to the "
                "spread.",
                right=True,
            ),
        ),
    ),
    Question(
        "The forest fitted twice with the same random_state gives identical test scores; fitted "
        "twice without one, it does not. What does fixing the seed buy the team?",
        (
            Option(
                "Repeatable runs: a changed result then comes from changed code or changed data.",
                "Right. Anyone who reruns the notebook gets the same numbers. Seeding does not "
                "make a score more trustworthy; that is what cross-validation and its spread are "
                "for.",
                right=True,
            ),
            Option(
                "A score that no longer depends on luck, so one split is enough to report it.",
                "The luck is fixed, not removed: another seed gives another split and another "
                "score. One split still says nothing about how much the figure varies.",
            ),
            Option(
                "A model that will behave on new applicants exactly as it did on the test set.",
                "Repeatable training says nothing about new data: new applicants differ from the "
                "test rows whatever the seed, so the test score is an estimate, not a promise.",
            ),
            Option(
                "A setting worth tuning: try several seeds and keep the one with the best score.",
                "Picking the luckiest seed fits noise and flatters the score. A seed is fixed "
                "once, in advance, and passed to everything random.",
            ),
        ),
    ),
)
