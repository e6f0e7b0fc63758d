"""Knowledge check, notebook 02 (problem and data): costs, proxies, quality rules, cleaning."""

from coursekit.knowledge import Option, Question

QUESTIONS = (
    Question(
        "The model learns to predict approved, the officers' past decision. Why does the team "
        "price each kind of error against repaid, the outcome of the loan, instead?",
        (
            Option(
                "Because repaid is the model's label, and costs must be priced against the label.",
                "The label is approved, the only one the lender has for every past applicant. "
                "The costs use a different column on purpose, because the label is not where "
                "money is lost.",
            ),
            Option(
                "Because money is lost or made on what the borrower does, not on what the officers "
                "decided.",
                "Right. A loan that is not repaid loses part of its principal; a good applicant "
                "turned away loses the margin. A cost against approved would measure "
                "disagreement with the officers, not money.",
                right=True,
            ),
            Option(
                "It makes little difference: the officers' decisions and the outcomes mostly "
                "agree.",
                "They do not: about 57 % of the applications were approved, while about 77 % of "
                "the applicants would have repaid, so at least one in five would have repaid but "
                "was turned down.",
            ),
            Option(
                "Because approved is only known once the loan has ended.",
                "That is true of repaid, not of approved: the decision is made at the start. It is "
                "why repaid may price the errors but must not be a feature.",
            ),
        ),
    ),
    Question(
        "The profile shows that nearly nine in ten applicants from Eastfield and Millbrook belong "
        "to group B. The model will never see group. What follows?",
        (
            Option(
                "Nothing yet: a proxy can only be found once a model has been trained.",
                "The proxy shows in the data, before any model exists. Stage 2 is the place to "
                "raise it, so that the audit in notebook 05 knows what to measure.",
            ),
            Option(
                "District must have been recorded wrongly for those applicants.",
                "Nothing suggests an error: the plot shows where the two groups live. A pattern "
                "that is uncomfortable is not a data-quality problem.",
            ),
            Option(
                "District is itself a protected attribute, so it can never be a feature.",
                "The protected attribute here is group, and the course keeps district as a "
                "feature. District is a concern because it stands in for group, which notebook 05 "
                "measures.",
            ),
            Option(
                "The model can still tell the groups apart through district.",
                "Right. Leaving group out does not keep it out: district carries part of it, as a "
                "proxy. Notebook 05 measures what that does to the model's decisions.",
                right=True,
            ),
        ),
    ),
    Question(
        "The team has profiled this month's extract and repaired what it found. Why should each "
        "check also be written as a rule in code that counts the rows breaking it?",
        (
            Option(
                "Next month's extract will have its own problems, and nobody will look again.",
                "Right. A rule runs on every delivery and says how many rows break it; the same "
                "rules also feed the production checks of notebook 10.",
                right=True,
            ),
            Option(
                "Because once every rule passes, the data are known to be correct.",
                "Rules find only the problems someone wrote them for. Here they can be checked "
                "against a list of planted problems because the data are synthetic; a real team "
                "has no such answer key.",
            ),
            Option(
                "So that the rules can repair the rows they mark, with nobody looking at them.",
                "A rule counts and marks; it does not decide the repair. The course's report gives "
                "a few example ids with each count so that someone looks at them by hand.",
            ),
            Option(
                "Because a summary table cannot show impossible values such as an age of 199.",
                "It can: the summary of the raw extract showed an age of 199 at a glance. The "
                "reason for rules is what happens next month, not what a summary can show.",
            ),
        ),
    ),
    Question(
        "After cleaning, 150 incomes are still missing. Why does the course not fill them with "
        "the median income during the cleaning?",
        (
            Option(
                "A missing income most likely means no income, so 0 is the better fill.",
                "A gap means unknown, not zero. Filling in 0 is a guess that makes those "
                "applicants look poorer than they may be.",
            ),
            Option(
                "The rows with a missing income should be dropped instead, to keep only facts.",
                "Dropping rows with a gap throws away 312 of 5,000 applications, and if one kind "
                "of applicant leaves income empty more often, it biases the data.",
            ),
            Option(
                "A median is learned from data, so it belongs in the model's pipeline.",
                "Right. Fitted on the training rows only, the imputer keeps the test rows out of "
                "training; computed in the cleaning, the median would include them.",
                right=True,
            ),
            Option(
                "The mean is the better fill for income, not the median.",
                "Which statistic is not the issue: a mean, like a median, is computed from the "
                "rows, so it too must be learned from the training rows only, in the pipeline.",
            ),
        ),
    ),
)
