"""Knowledge check, notebook 10 (MLOps): the quality gate, a green gate, pickles, drift."""

from coursekit.knowledge import Option, Question

QUESTIONS = (
    Question(
        "On the gate set, the original model (trained on the officers' decisions) ranks almost "
        "as well as the shipped one, ROC-AUC 0.738 against 0.745, and passes that check. The "
        "gate still fails it (exit code 1). What does that show?",
        (
            Option(
                "The gate is too strict: a model that ranks as well as the shipped one should "
                "pass.",
                "Ranking well says nothing about whom the model rejects. The original's gaps "
                "between the groups cannot be shown to be under 0.15, and its scores understate "
                "repayment.",
            ),
            Option(
                "The team should package it with the threshold it was tuned for, 0.44, and let "
                "the gate judge it there.",
                "The gate refuses to judge it at all (exit code 5): the threshold belongs to the "
                "gate, and changing it is a change of policy, proposed in review of release.py.",
            ),
            Option(
                "A gate that checked only performance would ship a model that has learned the "
                "officers' bias.",
                "Right. Its selection and FNR gaps (0.167 and 0.206) fail the limit of 0.15 on "
                "the intervals' upper ends. Fairness and money need checks of their own, beside "
                "the ROC-AUC floor.",
                right=True,
            ),
            Option(
                "The gate crashed on the original model's file; run it again.",
                "Exit code 1 means that checks failed. Bad input, such as a missing file or a "
                "missing checksum, gets a one-line message and an exit code of its own.",
            ),
        ),
    ),
    Question(
        "The product manager proposes raising the threshold from 0.75 to 0.90, to approve only "
        "the safest applicants. Even with both gap limits tightened to 0.12, every check of the "
        "gate passes. Should the team ship the proposal?",
        (
            Option(
                "No: it costs 0.112 units more per application, with an interval that excludes "
                "zero.",
                "Right. Of the 725 applicants it turns away that 0.75 approves, 82.8 % would "
                "repay. The gate is a floor that stops broken limits; it does not choose the "
                "best policy.",
                right=True,
            ),
            Option(
                "Yes: the gate is green, and a stricter threshold can only lower the lender's "
                "risk.",
                "A green gate is not a reason to ship. Rejecting applicants who would repay also "
                "costs money: for calibrated scores above 0.75, rejecting costs more than "
                "approving.",
            ),
            Option(
                "Yes: its selection gap falls to 0.008, so it is the fairer of the two policies.",
                "Both thresholds pass the fairness limits. A smaller gap bought by approving 27 % "
                "of applicants instead of 63 % turns away many who would repay, at a measured "
                "cost.",
            ),
            Option(
                "No: the gate should have failed it, so the limits must be tightened until it "
                "does.",
                "Tightening a limit to reach a verdict already chosen is moving the limit after "
                "seeing the result. The gate is a floor; the threshold comes from notebook 04's "
                "cost analysis.",
            ),
        ),
    ),
    Question(
        "A colleague shares a model saved with joblib on a shared drive, with a SHA-256 checksum "
        "file beside it that matches the model. Is the file safe to load?",
        (
            Option(
                "Yes: the matching checksum shows that nobody has tampered with the file.",
                "Whoever can replace the model can replace the checksum next to it. A checksum "
                "beside the file catches accidents, such as a truncated copy, not an attacker.",
            ),
            Option(
                "Yes: a model file holds only numbers, such as coefficients and a threshold, "
                "which cannot run.",
                "A pickle stores instructions to rebuild the model, and they may call any "
                "function its maker chose; the notebook's file printed a line just by loading.",
            ),
            Option(
                "Once the checksum comes from a signed release, the file is safe to load.",
                "A checksum from a place the attacker cannot write shows that the file is the one "
                "released, but no checksum makes a file safe to load: that depends on its maker.",
            ),
            Option(
                "Only if you trust where it comes from: loading a pickle runs whatever its maker "
                "chose.",
                "Right. A pickle is a program you run with your permissions. Load only builds you "
                "trust, and prefer a format with a trusted-types check, such as skops, whose extra "
                "types someone has reviewed.",
                right=True,
            ),
        ),
    ),
    Question(
        "In a new batch of applications, income's PSI is 0.324 and the chi-square test alerts on "
        "district; the shipped model approves 47.1 % of the batch against 63.4 % of the gate "
        "set. What should the team do?",
        (
            Option(
                "Lower the threshold until the approval rate is back near 63 %.",
                "The drop may be right (poorer applicants, higher risk) or wrong; drift cannot "
                "say which. Moving the threshold to restore a rate changes policy without any "
                "evidence.",
            ),
            Option(
                "Collect the new applicants' outcomes, retrain on them and put the new model "
                "through the same gate.",
                "Right. The trigger opens a ticket rather than retraining blindly; meanwhile the "
                "approval rate of each group, which needs no outcome, is watched on every batch.",
                right=True,
            ),
            Option(
                "Retrain the model on the new batch at once, so that it fits the applicants of "
                "today.",
                "The new batch has no outcomes yet: they come months later, when loans are repaid "
                "or not. "
                "Retraining needs those outcomes, and the retrained model is a release like any "
                "other.",
            ),
            Option(
                "Wait: the PSI of the scores is only 0.179, below the alert level of 0.2.",
                "The rule alerts on any feature, and two do. District matters whatever its PSI, "
                "because it is the proxy for group, and a score PSI of 0.179 is in the watch "
                "band.",
            ),
        ),
    ),
)
