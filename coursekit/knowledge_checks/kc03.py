"""Knowledge check, notebook 03 (modeling): baselines, rules fixed in advance, spikes, curves."""

from coursekit.knowledge import Option, Question

QUESTIONS = (
    Question(
        "Logistic regression scores a cross-validated F1 of 0.751. What does that number tell "
        "you about the model?",
        (
            Option(
                "It is a good model, because 0.751 is far above the 0.5 of guessing.",
                "0.5 is not F1's floor here. Approving everybody already scores an F1 of 0.724, "
                "because it catches every approval and is right 57 % of the time.",
            ),
            Option(
                "It is worse than approving everybody, since F1 punishes wrong rejections.",
                "Approving everybody scores 0.724, below 0.751. The model is better, just not by "
                "much, which is exactly why F1 alone is a poor way to rank these models.",
            ),
            Option(
                "It will make the right decision for about 75 % of new applicants.",
                "F1 is not the share of right decisions: it combines the precision and the recall "
                "of the approve decision, and ignores the rejections it gets right.",
            ),
            Option(
                "Little: approving everybody, with no model at all, scores 0.724.",
                "Right. A score means something only next to a baseline; the model gains under "
                "three points of F1 over doing nothing, which is why the notebook ranks by "
                "ROC-AUC, where the baseline scores 0.5.",
                right=True,
            ),
        ),
    ),
    Question(
        "Another team agreed the course's rule before its experiments: the simplest model within "
        "one standard deviation of the best mean wins. Now that the results are in, its lead "
        "wants to use the standard error instead, under which the lead's favourite wins. What is "
        "the problem?",
        (
            Option(
                "A rule chosen after the results is an opinion with a formula attached.",
                "Right. Each variant that looks reasonable once the numbers are known picks "
                "another model; only a rule fixed in advance stops the choice from following "
                "whoever argues loudest.",
                right=True,
            ),
            Option(
                "None: the standard-error variant is stricter, so it is the better rule.",
                "Stricter is not better by itself: the notebook presents it as one reasonable "
                "variant among several. The problem is the timing: it is chosen for its answer.",
            ),
            Option(
                "None, as long as the change is recorded in the experiment log with a reason.",
                "Writing the change down makes it visible, not fair: the new rule was still "
                "picked for the model it selects, after the results were seen.",
            ),
            Option(
                "The standard-error variant is not valid statistics for five folds.",
                "It is a legitimate variant: the standard deviation divided by √5. Its validity "
                "is not the issue; switching to it after seeing the results is.",
            ),
        ),
    ),
    Question(
        "A research spike with a fixed budget of 8 random settings lifts gradient boosting from "
        "0.731 ± 0.015 to 0.754 ± 0.004 ROC-AUC. Logistic regression scores 0.764 ± 0.007. What "
        "should the team write down?",
        (
            Option(
                "The spike failed, since it found no new winner, so it need not be logged.",
                "A spike answers a question, and this one has an answer: boosting's last place "
                "was partly its settings, not enough to change the choice. That is a result.",
            ),
            Option(
                "The 0.754 is an honest estimate for that setting, since it was cross-validated.",
                "The best of 8 is flattering: it is the luckiest of eight noisy estimates. An "
                "honest estimate of that setting needs nested cross-validation or fresh data.",
            ),
            Option(
                "Tuning helped boosting but did not change the winner.",
                "Right. Smaller trees with bigger leaves gained about 0.02, yet boosting stays "
                "behind logistic regression, and its 0.754 is probably a little optimistic.",
                right=True,
            ),
            Option(
                "Boosting would have won with a bigger search, so the budget was too small.",
                "Nothing in these results shows that. Whether to fund another spike is a team "
                "decision, made with this result in hand, not a conclusion of this one.",
            ),
        ),
    ),
    Question(
        "For logistic regression, the training and held-out learning curves meet around 0.76 and "
        "the held-out curve is flat. The business offers another year of applications of the "
        "same kind. What should the team expect from them?",
        (
            Option(
                "A clear gain, since a model always improves with more training data.",
                "A flat held-out curve says the opposite for this model: it has learned what the "
                "features can tell it, and more of the same data adds almost nothing.",
            ),
            Option(
                "Little: its limit is the information in the features and the noise in the label.",
                "Right. The officers did not decide consistently, and no model predicts a coin "
                "flip. Different data, such as new features or the outcome repaid, could change "
                "that.",
                right=True,
            ),
            Option(
                "Fairer decisions, because more past decisions dilute the officers' bias.",
                "Every extra past decision carries the same habits, including the penalty for "
                "group B; more of them teach the model those habits with more confidence.",
            ),
            Option(
                "A gain, because the gap between its curves shows it is still memorising.",
                "The curves meet, so there is no gap to close. The gap that stays open is tuned "
                "boosting's, on the other panel, and it narrows only slowly.",
            ),
        ),
    ),
)
