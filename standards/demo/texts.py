"""What CSC managers write as evidence and improvement actions, by criterion, for the demo.

``{ward}`` is one of the CSC's wards or departments, ``{month}`` a month of the period.
"""

EVIDENCE_NOTES = {
    1: [
        "Friends and Family Test results for {ward} reviewed each month at the CSC governance "
        "meeting; {month} minutes item 4.",
        "Patient panel met in {month}: six patients and carers reviewed the discharge leaflet "
        "and their changes were made.",
        "Survey of carers on {ward} ({month}): 41 responses, themes reported to the ward team "
        "and displayed on the 'You said, we did' board.",
        "Equality data for {ward} compared with the local population; interpreters now booked "
        "at referral for the three most requested languages.",
        "Complaints and compliments themes for the quarter presented at the CSC board in "
        "{month}, with the actions agreed.",
    ],
    2: [
        "Customer care training: 87% of {ward} staff completed the e-learning by {month}.",
        "Staff recognition: compliments naming staff shared at {ward} huddles and in the "
        "monthly newsletter.",
        "Patient story heard at the start of the CSC board in {month}.",
        "Values-based appraisal in use for all band 5 to 7 staff on {ward}; audit of 20 "
        "appraisals in {month}.",
        "Matron walkabout on {ward} in {month} checked name badges and introductions "
        "('Hello, my name is').",
    ],
    3: [
        "Patient information leaflets on {ward} checked in {month}: all in date and available "
        "in easy read.",
        "Visiting times and how to contact {ward} updated on the trust website in {month}.",
        "Hearing loop tested at {ward} reception in {month}; sign displayed.",
        "Ward information board on {ward} shows the nurse in charge, staffing and how to raise "
        "a concern.",
        "Accessible information standard: communication needs flagged on admission for {ward} "
        "patients (audit of 30 records, {month}).",
    ],
    4: [
        "Complaint responses for the CSC met the agreed date in 9 of 10 cases this quarter.",
        "Learning from complaints reviewed at the {month} governance meeting; two changes to "
        "practice on {ward}.",
        "Discharge checklist audit on {ward} ({month}): medicines explained to 28 of 30 patients.",
        "Service standards for {ward} agreed with the patient panel and displayed.",
        "Mystery shopper telephone calls to {ward} in {month}: 8 of 10 answered within five rings.",
    ],
    5: [
        "Clinic waiting times displayed and updated every 30 minutes in {ward} ({month} spot "
        "check).",
        "Telephone answering times monitored monthly; {month} average 42 seconds.",
        "Letters to patients sent within 10 working days of clinic in {month} audit (95%).",
        "Call bell response times on {ward} audited in {month}: median 2 minutes.",
        "Waiting list letters reviewed for plain English by the patient panel in {month}.",
    ],
}

EVIDENCE_LINKS = [
    ("https://intranet.porthosp.nhs.invalid/csc/{code}/fft-dashboard", "FFT dashboard"),
    ("https://intranet.porthosp.nhs.invalid/csc/{code}/governance-minutes", "Governance minutes"),
    ("https://intranet.porthosp.nhs.invalid/training/customer-care", "Training compliance"),
    ("https://intranet.porthosp.nhs.invalid/csc/{code}/you-said-we-did", "'You said, we did'"),
]

IMPROVEMENT_ACTIONS = {
    1: [
        "Set up a carers' survey for {ward} and report the first results to the CSC board.",
        "Add two questions on communication to the {ward} inpatient survey.",
        "Invite the patient panel to review the outpatient letters.",
    ],
    2: [
        "Bring customer care e-learning compliance on {ward} to 90%.",
        "Share compliments naming staff at every {ward} handover huddle.",
        "Add a patient story to each CSC board agenda.",
    ],
    3: [
        "Replace out-of-date leaflets on {ward} and set a six-monthly check.",
        "Install a hearing loop at {ward} reception.",
        "Publish visiting times and ward contact numbers on the website.",
    ],
    4: [
        "Audit discharge information given on {ward} and act on the findings.",
        "Agree and display service standards for {ward} with the patient panel.",
        "Bring complaint responses back within the agreed timescale.",
    ],
    5: [
        "Display clinic waiting times in {ward} and update them every 30 minutes.",
        "Reduce telephone answering times for {ward} to under one minute.",
        "Send clinic letters within 10 working days.",
    ],
}
