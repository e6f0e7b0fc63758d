"""Knowledge check, notebook 04 (evaluation): accuracy, thresholds from costs, intervals."""

from coursekit.knowledge import Option, Question

QUESTIONS = (
    Question(
        "A model is 70 % accurate on a test set in which 70 % of the applicants are good "
        "risks. What does that tell you about the model?",
        (
            Option(
                "It is better than guessing, because 70 % is well above 50 %.",
                "Guessing is not the baseline here: approving everyone is also 70 % accurate on "
                "this test set, without looking at a single applicant.",
            ),
            Option(
                "Nothing yet: approving everyone would score the same.",
                "Right. Accuracy has to be compared with the simplest rule; here the rule that "
                "approves everyone matches it, so the model may have learned nothing.",
                right=True,
            ),
            Option(
                "It makes a wrong decision for 30 % of the applicants, so it costs 30 % of the "
                "loans.",
                "The share of errors is not their cost: a wrong approval and a wrong rejection "
                "cost different amounts, and accuracy counts both as one.",
            ),
            Option(
                "It is well calibrated, since its accuracy equals the share of good risks.",
                "Calibration is about scores matching observed rates at every score level; "
                "accuracy at one threshold says nothing about it.",
            ),
        ),
    ),
    Question(
        "A wrong approval costs three times as much as a wrong rejection, and the model's "
        "scores are calibrated probabilities of repaying. Where should the approval threshold "
        "be?",
        (
            Option(
                "At 0.5, as predict() uses.",
                "0.5 is right only when both errors cost the same. Here a wrong approval costs "
                "more, so the model should be surer before it approves.",
            ),
            Option(
                "At 0.25: approve when the chance of repaying is at least 1 / (1 + 3).",
                "That weighs the errors the wrong way round: with this threshold the lender "
                "approves applicants who are more likely to default than to repay.",
            ),
            Option(
                "At 0.75: approve when 3 × (1 − p) is less than p.",
                "Right. Approving costs 3 × (1 − p) in expectation and rejecting costs p, so "
                "approve when p ≥ 3 / (3 + 1) = 0.75, if the scores are calibrated.",
                right=True,
            ),
            Option(
                "Wherever the test set's accuracy is highest.",
                "Accuracy ignores the costs, and the test set must not choose anything: a "
                "threshold is chosen on validation data, then reported once on the test set.",
            ),
        ),
    ),
    Question(
        "The team chose its threshold on the test set and reports the test set's cost at that "
        "threshold. What is wrong with the report?",
        (
            Option(
                "Nothing, as long as the test set was never used for training.",
                "Choosing is a kind of fitting. A threshold picked because it is cheapest on "
                "these applicants looks better on them than it will on the next ones.",
            ),
            Option(
                "The cost is optimistic: the threshold was fitted to the same data that reports "
                "it.",
                "Right. Choose on validation data (or cross-validated predictions of the training "
                "split); then the test set gives an honest report, once.",
                right=True,
            ),
            Option(
                "The cost should be reported as a percentage instead.",
                "A cost per applicant in money units is clearer than a percentage, and the unit "
                "is not the problem: the choice and the report used the same data.",
            ),
        ),
    ),
    Question(
        "On 1,000 test applicants the new model saves 0.04 units per applicant over the old "
        "one, with a 95 % bootstrap interval from −0.01 to 0.09. What can the team say?",
        (
            Option(
                "The new model is better: 0.04 is a saving.",
                "The interval includes zero and even a small loss, so this test set does not "
                "show that the new model saves anything.",
            ),
            Option(
                "The new model is no better: the interval includes zero.",
                "An interval that includes zero does not show the saving is zero: it also "
                "includes 0.09. 'Not shown' is not 'shown not to exist'.",
            ),
            Option(
                "The saving is not shown; the data are consistent with a small loss and with "
                "a saving of 0.09.",
                "Right. Report both ends. Whether to switch is then a decision about risk: "
                "more data, or other reasons such as simplicity, can settle it.",
                right=True,
            ),
            Option(
                "The interval is wrong, because a saving cannot be negative.",
                "A saving over the old model can be negative: the new model can cost more. A "
                "negative lower end is what makes this result inconclusive.",
            ),
        ),
    ),
)
