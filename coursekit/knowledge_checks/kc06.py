"""Knowledge check, notebook 06 (global explanations): importance traps, ICE, correlations."""

from coursekit.knowledge import Option, Question

QUESTIONS = (
    Question(
        "A random forest's built-in impurity importance ranks a planted column of random "
        "numbers fifth of eleven, ahead of `late_payments`. Shuffled on the test set, that "
        "column moves the ROC-AUC by −0.0008 ± 0.0015. What should the team take from this?",
        (
            Option(
                "The forest relies on the noise; retrain it without that column and report the "
                "impurity ranking of the rest.",
                "Shuffling the noise leaves the test ROC-AUC where it was, and the bias remains "
                "without it: impurity still favours columns that offer many places to split.",
            ),
            Option(
                "Only the noise is overrated; impurity's order of the real features still holds.",
                "Not here: credit_history_years comes third by impurity, yet shuffling it moves "
                "the test ROC-AUC by 0.0000 ± 0.0077, no more than the noise does.",
            ),
            Option(
                "Permutation misses what the forest learned in training, so average the two "
                "rankings.",
                "What the forest learned from random numbers is memorised chance. Averaging mixes "
                "a training artefact into the answer instead of removing it.",
            ),
            Option(
                "Impurity importance describes training, not prediction; report permutation "
                "importance on held-out data.",
                "Right. Impurity importance is measured on the training data and credits chance "
                "splits; permutation importance on held-out data passes the planted-noise check.",
                right=True,
            ),
        ),
    ),
    Question(
        "For the chosen logistic regression, which never sees `group`, permutation importance on "
        "the test set puts `district` fourth of ten: shuffling it costs 0.025 of ROC-AUC "
        "(± 0.0033), more than shuffling the loan amount. What does that tell the team?",
        (
            Option(
                "The model leans on where people live, a stand-in for group: take it to the "
                "domain experts and the product manager.",
                "Right. The label carries the officers' penalty against group B, and the model "
                "learned to use district, which stands in for group; that is what a global "
                "explanation exists to surface.",
                right=True,
            ),
            Option(
                "District drives repayment, so the model is right to weigh it.",
                "Importance says how much this fitted model relies on a column, not what causes "
                "repayment; here the model learned district from the officers' biased decisions.",
            ),
            Option(
                "Nothing yet: 0.025 of ROC-AUC is too small to tell from shuffling noise.",
                "The spread over ten shuffles is 0.0033, and section 2's planted noise stayed "
                "within 0.005 of zero; it is age, at 0.0016, that is too small to matter.",
            ),
            Option(
                "Retraining without district would remove the problem that the importance "
                "points to.",
                "Notebook 05 shows otherwise: the penalty stays in the label, and a model without "
                "district spreads it over both groups instead of removing it.",
            ),
        ),
    ),
    Question(
        "Which observation shows that a model has learned interactions between income and "
        "other features?",
        (
            Option(
                "Its partial dependence curve for income bends, as the forest's flattens from "
                "about 70,000 EUR.",
                "A partial dependence curve is an average over applicants; a bend shows that the "
                "average effect is not straight, not that it differs from one applicant to the "
                "next.",
            ),
            Option(
                "Some pairs of applicants swap order between the lowest and the highest income "
                "on the grid.",
                "Right. Without interactions income gives every applicant the same push on some "
                "scale, which keeps their order; the forest swaps 15 % of the pairs, the "
                "logistic regression none.",
                right=True,
            ),
            Option(
                "Its ICE curves for income, on the probability axis, rise by very different "
                "amounts for different applicants.",
                "The logistic regression has no interactions, yet its rises run from 0.110 to "
                "0.508 in probability: the S-shaped scale squeezes the same log-odds step near 0 "
                "and 1.",
            ),
            Option(
                "Income has the highest permutation importance of all the features.",
                "Importance says how much the model relies on income, not whether its effect "
                "depends on other features; the logistic regression, which has none, ranks it "
                "first.",
            ),
        ),
    ),
    Question(
        "The data team adds `income_verified`, income confirmed from payslips (correlation "
        "0.997 with declared income). Retrained without one of the two, the model loses almost "
        "nothing (0.0007 and 0.0001 of ROC-AUC); without both, it loses 0.0184. What should the "
        "importance report say?",
        (
            Option(
                "Neither income column matters much to the model.",
                "Each is dispensable only because the other carries the same information; "
                "dropped together they cost 0.0184, about what dropping income alone cost "
                "before the twin.",
            ),
            Option(
                "Declared income matters and the verified one does not: shuffling them costs "
                "0.1219 and 0.0012.",
                "Which twin gets the credit is an accident of fitting: the model happened to put "
                "+0.826 on one and −0.130 on the other, not a fact about applicants.",
            ),
            Option(
                "Treat the pair as one group: together they are worth about what income alone was "
                "worth before.",
                "Right. Find correlated features first, give the group's importance, by grouped "
                "permutation or by dropping them together, and say which question the number "
                "answers.",
                right=True,
            ),
            Option(
                "Each twin is worth half of the 0.0184 that the pair is worth together.",
                "There is no fact to split: the two carry the same information, and any division "
                "of the credit between them, even or not, is a convention, not a measurement.",
            ),
        ),
    ),
)
