"""What staff write when they thank or nominate a colleague, for the demo. ``{ward}`` is the
recipient's ward or department."""

THANKS = {
    "best_care": [
        "Thank you for staying late to make sure Mr B's family could see him before the "
        "transfer. You made a hard evening kinder.",
        "You spotted the deteriorating patient on {ward} early and got the team together fast. "
        "Textbook care.",
        "Thank you for taking the time to explain the new insulin regime to a very anxious "
        "patient, twice, without a sign of hurry.",
        "Your hand hygiene audit on {ward} turned things round in a month. Thank you.",
        "Thank you for answering every call bell on a night with two staff off sick.",
    ],
    "best_people": [
        "Thank you for welcoming our new starters on {ward} and making them feel part of the "
        "team from day one.",
        "You noticed a visitor who was lost in the main corridor and walked her all the way to "
        "the clinic. Small thing, big difference.",
        "Thank you for covering my shift at no notice when my daughter was ill.",
        "Your calm and kindness with a distressed relative in the waiting room helped "
        "everyone. Thank you.",
        "Thank you for the teaching session on communication skills: the whole team is using it.",
    ],
    "best_hospital": [
        "Your idea to pre-print the discharge checklists has saved us hours a week on {ward}. "
        "Thank you.",
        "Thank you for reorganising the store room: we can find everything now.",
        "You apologised to a patient kept waiting and kept him updated every half hour. That "
        "is what we want to be known for.",
        "Thank you for leading the 'Hello, my name is' refresh across {ward}.",
        "Thank you for picking up the litter outside the main entrance every morning. People "
        "notice.",
    ],
}

CASES = [
    "{name} goes out of their way for every patient on {ward}. When a patient with dementia "
    "became distressed at night, {name} sat with her, found her favourite music, and stayed "
    "until she settled. The family wrote to say it was the first night she had slept since "
    "admission. Colleagues say {name} is the first to help and the last to take credit.",
    "{name} led the work on {ward} to cut waiting times in clinic, talking to patients about "
    "what mattered to them and changing how appointments are booked. Complaints about waiting "
    "have halved and the team feels listened to.",
    "Patients and families regularly name {name} in compliments. {name} explains things "
    "clearly, checks people have understood, and always follows up on what they promised.",
    "{name} has mentored three new members of staff this year on {ward}, giving up breaks to "
    "go through procedures with them. All three have stayed and are thriving.",
    "When the IT system failed for a day, {name} kept {ward} running on paper, calmly, and "
    "made sure no patient missed their medicines or their appointment.",
]
