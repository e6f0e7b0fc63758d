"""Knowledge check, notebook 12 (the release review): what a gate proves, roles, evidence."""

from coursekit.knowledge import Option, Question

QUESTIONS = (
    Question(
        "The quality gate passes every one of its checks on the shipped model. What does that "
        "establish under the AI Act?",
        (
            Option(
                "That the system meets the high-risk requirements of Articles 9 to 15.",
                "The gate measures accuracy and gaps between groups on one gate set. Logging "
                "(Art. 12), human oversight (Art. 14) and most of the documentation (Art. 11) "
                "are separate duties that no metric can meet.",
            ),
            Option(
                "Evidence for parts of Articles 10 and 15, no more.",
                "Right. The checks are evidence of a bias examination and of a declared level of "
                "accuracy; the map still shows gaps in logging, oversight, the quality system "
                "and the conformity assessment.",
                right=True,
            ),
            Option(
                "That the system is no longer high-risk, because it was shown to be fair.",
                "High risk comes from the use, not from the results: a system that scores the "
                "creditworthiness of natural persons is high-risk under Annex III, point 5(b), "
                "however well it performs.",
            ),
            Option(
                "Nothing at all: the Act sets legal duties, not statistical ones.",
                "Article 15 asks for an appropriate level of accuracy, declared in the "
                "instructions for use, and Article 10 for an examination of possible biases: "
                "the gate's numbers are exactly that kind of evidence.",
            ),
        ),
    ),
    Question(
        "The lender builds its credit-scoring model in-house and uses it for its own loan "
        "decisions. What is its role under the Act?",
        (
            Option(
                "Deployer only: it never sells the system to anyone.",
                "Putting a system into service under its own name is enough to be its "
                "provider (Art. 3(3)); selling it is not required.",
            ),
            Option(
                "Provider only: the deployer is the loan officer who uses it.",
                "A deployer is whoever uses the system under its authority (Art. 3(4)), here "
                "the lender itself; its officers act for it.",
            ),
            Option(
                "Both provider and deployer, with the duties of each.",
                "Right. It develops the system and puts it into service (provider, Art. 3(3)) "
                "and uses it under its own authority (deployer, Art. 3(4)), so Articles 16 and "
                "26, and the impact assessment of Article 27, are all its own.",
                right=True,
            ),
            Option(
                "Neither, until the system is sold to another bank.",
                "The Act applies to systems put into service for own use as well as to those "
                "placed on the market; an in-house system is not exempt.",
            ),
        ),
    ),
    Question(
        "Every gate check passes, but the metrics in the model's card no longer match the "
        "model measured again on its gate set. Under the notebook's rule, what is the decision?",
        (
            Option(
                "Go: the checks passed, and the card is only paperwork.",
                "The checks passed on the numbers in the card; nobody knows which model those "
                "numbers describe. A review that signs for another model's evidence signs for "
                "nothing.",
            ),
            Option(
                "Go with conditions: update the card within a month.",
                "A condition is for a gap that can be closed after the decision. Evidence that "
                "does not describe the model leaves nothing to decide on: the map refuses to "
                "be built.",
            ),
            Option(
                "Only the model's owner can say, since the card is theirs.",
                "Ownership matters for who fixes it, not for whether the evidence can be "
                "trusted; the mismatch is a measured fact, whoever owns the card.",
            ),
            Option(
                "No decision yet: package and measure again, then review the current evidence.",
                "Right. Stale evidence stops the review before any verdict: rebuild the package "
                "so that the card, the checksums and a fresh measurement agree, then decide.",
                right=True,
            ),
        ),
    ),
    Question(
        "A rejected applicant asks the lender why. Which statement about the EU rules is right?",
        (
            Option(
                "The applicant may obtain a meaningful explanation of the decision.",
                "Right. Article 86 gives that right for decisions based on an Annex III system "
                "such as credit scoring, and the GDPR adds a right to human intervention and to "
                "contest a decision made solely by automated means (Art. 22(3)).",
                right=True,
            ),
            Option(
                "The lender may refuse to explain, because the model is a trade secret.",
                "Trade secrets shape how much detail is given, but they do not remove the "
                "right: the explanation concerns the decision's main elements, not the code.",
            ),
            Option(
                "The lender must publish the model's coefficients for everyone to check.",
                "The right is to an explanation of one decision, for the person affected; "
                "publishing the model is not what the Act asks.",
            ),
            Option(
                "No explanation is owed as long as a loan officer signed the decision.",
                "Article 86 covers decisions taken on the basis of the system's output, with or "
                "without a signature; an officer who signs the model's recommendation still "
                "decided on its basis.",
            ),
        ),
    ),
)
