"""Demo texts for handling complaints to the NHS Complaint Standards: the issues a complaint
raises, what the person wants, updates, staff comments and the person's survey comments."""

# One issue for each KO41a subject a complaint is tagged with; the summary is always the first.
ISSUE_BY_SUBJECT = {
    "Communications": "Nobody explained what was happening or what would happen next",
    "Patient care": "The basic care given {at} fell short of what was expected",
    "Waiting times": "The wait was far longer than they were told it would be",
    "Clinical treatment": "They question whether the treatment decided on was the right one",
    "Admissions and discharges": "The discharge was rushed and not planned with the family",
    "Prescribing": "Medicines were missed or given late",
    "Facilities": "The surroundings {at} were not clean or comfortable enough",
    "Values and behaviours": "Staff were not kind or respectful",
    "Trust administration": "Letters and phone calls went unanswered",
    "Staff numbers": "There were not enough staff to help when help was needed",
    "Privacy, dignity and wellbeing": "Their privacy and dignity were not respected",
    "Access to treatment or drugs": "They could not get the treatment they needed in time",
    "Transport (ambulances)": "Transport home was late and not arranged as promised",
    "End of life care": "The family were not prepared for, or supported at, the end of life",
    "Consent": "They were not asked properly before a procedure",
    "Appointments": "Appointments were cancelled without a reason or a new date",
}
IMPACTS = [
    "Lost sleep and is anxious about coming back to the hospital.",
    "The family took time off work to chase answers and feel they were not believed.",
    "Was in pain for longer than necessary and has lost confidence in the ward.",
    "Had to make several journeys that should not have been needed.",
]
OUTCOMES_SOUGHT = [
    "An explanation of what happened, an apology, and to know what will change.",
    "A meeting with the consultant to go through the decisions made.",
    "Assurance that no one else is treated this way.",
    "A written explanation and a new appointment date.",
]
EXPLANATIONS = {
    "upheld": "The records {at} bear this out and staff accept it; this fell short.",
    "partially_upheld": "Partly borne out: the care was right, but how it was explained was not.",
    "not_upheld": "The records and statements show this was handled appropriately.",
}
WHAT_WILL_CHANGE = {
    "upheld": "Discussed at the team meeting; the ward's checks now include this every shift.",
    "partially_upheld": "Staff reminded to explain decisions and check they were understood.",
    "not_upheld": "",
}
UPDATE_NOTES = [
    "Statements are in; the investigation is on track for the agreed date.",
    "Spoke to them to explain the investigation is waiting for the consultant's review.",
    "Confirmed the meeting date and who will be there.",
    "Explained that the records have been requested from the other hospital.",
]
STAFF_COMMENTS = [
    "Remembers the shift: two nurses were off sick and the ward was very busy. Sorry that the "
    "family felt ignored and would welcome the chance to apologise.",
    "Explained the plan at the time but accepts it may not have been clear; has reflected on it "
    "with the ward manager.",
    "Does not recall the conversation; has read the notes and agrees they are incomplete.",
]
SUPPORT_OFFERED = [
    "One-to-one with the ward manager; staff wellbeing service details given.",
    "Reflective supervision offered; occupational health if wanted.",
    "Met the matron; told how their comments will be used in the response.",
]
EARLY_RESOLUTIONS = [
    "Ward sister phoned back the same day, apologised and arranged the missing follow-up.",
    "Booked a new appointment while they were on the phone and explained the delay.",
    "Matron met the family on the ward, explained the plan and they were happy with that.",
    "Pharmacy sent the missing medicines home by courier the next morning.",
]
EARLY_LEARNING = [
    "Share at the ward huddle: call back the same day when a family is worried.",
    "Booking team to ring, not write, when an appointment is moved a second time.",
]
SURVEY_COMMENTS = [
    "The officer called me back when she said she would, which made a difference.",
    "I understood the letter but it took a long time.",
    "Felt listened to at last.",
    "Nobody told me the date had changed until I rang.",
    "",
]
