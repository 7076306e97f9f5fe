# ruff: noqa: E501 - each paragraph is one line, as the administrator will see and edit it.
"""The wording each letter starts with: loaded with the reference data, then the administrator's
to edit. Loading again never overwrites an edited template."""

from feedback.models import LetterKind

# kind: (subject, body)
DEFAULT_TEMPLATES = {
    LetterKind.ACKNOWLEDGEMENT: (
        "Your complaint, reference {reference}",
        """Dear {person_name},

Thank you for contacting us on {received_on}. I am writing to confirm that we have received your complaint and will look into it. Your reference is {reference}: please quote it if you get in touch with us.

As we understand it, your complaint is about: {summary}. These are the questions we have agreed to answer:

{issues}

The {csc} Clinical Service Centre will look into your complaint. We aim to send you our full response by {respond_by}, and we will keep you informed as we agreed with you. If we need longer, we will tell you why and agree a new date with you.

{case_handler} is handling your complaint. If you have any questions, or if we have misunderstood anything, please contact us using the details at the top of this letter.""",
    ),
    LetterKind.HOLDING: (
        "Your complaint {reference}: a new date for our response",
        """Dear {person_name},

I am sorry to tell you that we will not be able to send you our response to your complaint by the date we agreed.

The reason is: {delay_reason}

We now expect to send you our full response by {new_date}. We will keep you informed until then, as we agreed with you.

I apologise for the delay. If you have any questions, please contact {case_handler} using the details at the top of this letter.""",
    ),
    LetterKind.SIX_MONTH: (
        "Your complaint {reference}",
        """Dear {person_name},

We received your complaint on {received_on}, {months_open} months ago, and we have not yet sent you our full response. I am sorry that it is taking so long, and I want to explain why.

{delay_reason}

We expect to send you our response by {respond_by}, and we will keep you informed until then, as we agreed with you.

{ombudsman_paragraph}

If you have any questions, please contact {case_handler} using the details at the top of this letter.""",
    ),
    LetterKind.FINAL_RESPONSE: (
        "Our response to your complaint, reference {reference}",
        """Dear {person_name},

Thank you for your complaint, which we received on {received_on}, about: {summary}. I am sorry for the distress this has caused you. The {csc} Clinical Service Centre has looked into each of the issues you raised. Below I set out what we found on each, and what we will change as a result.

{issues}

I hope this response answers your concerns. If anything is unclear, or you would like to meet us to talk it through, please contact {case_handler} using the details at the top of this letter.

{ombudsman_paragraph}

We would like to know how we handled your complaint. Please tell us through this link, which works once: {survey_link}""",
    ),
}
