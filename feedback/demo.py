"""A realistic year of feedback for the demo, every status reached through the real services.

`manage.py load_demo_data` calls load() after the core's demo staff and sign-ins. Dates are
relative to today, so whenever it is loaded there are current, due-soon and overdue complaints;
a fixed seed means loading on the same day always gives the same register. Patients are
fictional, with NHS numbers from the 999 range, which is never issued to real people.

Event times, closed_on, shared_on and signed_off_at are stamped by the services with the moment
of loading, as they would be in life; the dates an officer enters (received, acknowledged,
response sent, referred to the PHSO, learning action done) carry the year's story.
"""

import logging
import random
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from careprog.models import (
    CareStandard,
    ClinicalServiceCentre,
    ExpectedBehaviour,
    StaffMember,
    User,
)
from careprog.working_days import trust_calendar
from feedback.models import FeedbackItem, Profession, ResponseTier, ServiceArea, Subject
from feedback.models.choices import (
    AgeBand,
    Channel,
    ComplainantStatus,
    Consent,
    Kind,
    Outcome,
    PhsoOutcome,
    RaisedBy,
    Severity,
    Status,
)
from feedback.services.complaints import (
    complaint_acknowledge,
    complaint_change_deadline,
    complaint_close,
    complaint_record_draft,
    complaint_record_late_decision,
    complaint_record_outcome,
    complaint_record_phso_outcome,
    complaint_refer_to_phso,
    complaint_reopen,
    complaint_return_for_changes,
    complaint_send_response,
    complaint_set_consent,
    complaint_sign_off,
    complaint_start_investigation,
    complaint_submit_for_sign_off,
    complaint_withdraw,
)
from feedback.services.compliments import comment_close, compliment_share
from feedback.services.items import feedback_log
from feedback.services.learning import (
    investigation_note_add,
    learning_action_add,
    learning_action_complete,
)
from feedback.services.pals import pals_escalate, pals_resolve

SEED = 20260401
DAYS_OF_HISTORY = 365

# How many items of each kind arrive directly; PALS escalations add complaints on top.
ARRIVALS = {Kind.COMPLAINT: 135, Kind.PALS: 225, Kind.COMPLIMENT: 100, Kind.COMMENT: 25}

# Relative volume of feedback per CSC: the busy acute services hear the most.
CSC_WEIGHTS = {
    "med": 20,
    "em": 18,
    "surg": 15,
    "medel": 10,
    "wc": 9,
    "msk": 8,
    "cardio": 7,
    "cs": 7,
    "hn": 5,
}
# Winter pressures bring more feedback; August is quiet.
MONTH_WEIGHTS = {12: 1.25, 1: 1.3, 2: 1.15, 3: 1.05, 8: 0.8}

# Complaints the demo always has whatever the date, so every status, and the overdue and
# due-soon lists, can be seen. (status reached, working days until the response is due; or
# for those not yet investigated, working days since receipt as a negative number.)
ALWAYS = [
    (Status.RECEIVED, 0),  # acknowledgement due soon
    (Status.RECEIVED, -1),
    (Status.RECEIVED, -5),  # acknowledgement overdue
    (Status.RECEIVED, -7),
    (Status.RECEIVED, -9),
    (Status.ACKNOWLEDGED, -4),
    (Status.ACKNOWLEDGED, -6),
    (Status.UNDER_INVESTIGATION, 2),  # response due soon
    (Status.UNDER_INVESTIGATION, 4),
    (Status.UNDER_INVESTIGATION, -3),  # response overdue
    (Status.UNDER_INVESTIGATION, -12),
    (Status.RESPONSE_DRAFTED, 1),
    (Status.RESPONSE_DRAFTED, -6),
    (Status.AWAITING_SIGN_OFF, 0),
    (Status.AWAITING_SIGN_OFF, 3),
    (Status.AWAITING_SIGN_OFF, -2),
    (Status.WITHDRAWN, -30),
]
# The order a complaint moves through; ALWAYS entries stop at their status.
STAGES = [
    Status.RECEIVED,
    Status.ACKNOWLEDGED,
    Status.UNDER_INVESTIGATION,
    Status.RESPONSE_DRAFTED,
    Status.AWAITING_SIGN_OFF,
    Status.RESPONSE_SENT,
    Status.CLOSED,
]
REOPENED = 4
REFERRED_TO_PHSO = 4

# --- Fictional people ---------------------------------------------------------------------

FIRST_NAMES = [
    "Margaret",
    "Arthur",
    "Joan",
    "Kenneth",
    "Doreen",
    "Peter",
    "Susan",
    "David",
    "Linda",
    "Michael",
    "Patricia",
    "John",
    "Sarah",
    "James",
    "Helen",
    "Robert",
    "Karen",
    "Paul",
    "Emma",
    "Mark",
    "Jessica",
    "Ryan",
    "Amelia",
    "Noah",
    "Olivia",
    "Leo",
    "Fatima",
    "Yusuf",
    "Agnieszka",
    "Tomasz",
    "Grace",
    "Samuel",
    "Priya",
    "Daniel",
    "Chloe",
    "Ivy",
]
LAST_NAMES = [
    "Ashworth",
    "Baker",
    "Carter",
    "Dixon",
    "Edwards",
    "Foster",
    "Gibson",
    "Harris",
    "Hughes",
    "Jenkins",
    "Kelly",
    "Lewis",
    "Morris",
    "Murphy",
    "Newman",
    "O'Brien",
    "Parker",
    "Price",
    "Roberts",
    "Shaw",
    "Thompson",
    "Turner",
    "Ward",
    "Watson",
    "White",
    "Wilson",
    "Wright",
    "Young",
    "Ahmed",
    "Begum",
    "Chowdhury",
    "Kowalski",
    "Nguyen",
    "Okoro",
    "Singh",
    "Mensah",
]
STREETS = [
    "Elm Grove",
    "Station Road",
    "Church Lane",
    "Manor Close",
    "Victoria Road",
    "Beech Avenue",
    "Mill Lane",
    "Kings Road",
    "Orchard Way",
    "The Crescent",
    "Harbour View",
    "Park Road",
]
TOWNS = ["Southsea", "Cosham", "Fareham", "Havant", "Waterlooville", "Gosport", "Petersfield"]

# Patients' ages (at the event) by department, then by CSC, then for everyone else.
AGES_BY_DEPARTMENT = {
    "Children's Emergency Department": (0, 15),
    "Starfish Ward (Children)": (0, 16),
    "Neonatal Unit": (0, 0),
    "Labour Ward": (18, 42),
    "Maternity Assessment Unit": (18, 42),
}
AGES_BY_CSC = {"medel": (68, 97), "med": (25, 92), "cardio": (40, 90)}
AGES_DEFAULT = (18, 88)

# KO41a service area by department, when the department's kind does not say it.
SERVICE_AREA_BY_DEPARTMENT = {
    "Emergency Department": "Accident and emergency",
    "Children's Emergency Department": "Accident and emergency",
    "Same Day Emergency Care": "Accident and emergency",
    "Eye Casualty": "Accident and emergency",
    "Maternity Assessment Unit": "Maternity services",
    "Labour Ward": "Maternity services",
    "Patient Transport": "Ambulance services",
}
SERVICE_AREA_BY_KIND = {"ward": "Inpatient services", "clinic": "Outpatient services"}
SERVICE_AREA_DEFAULT = "Outpatient services"

# Places named without "the" ("on Ward D5", "in Radiology"); the rest take it.
NO_ARTICLE = (
    "Ward ", "Starfish Ward", "Radiology", "Pharmacy", "Patient Transport", "Pre-operative",
    "Oral and", "Same Day", "Eye Casualty",
)  # fmt: skip
PREPOSITION = {"ward": "on", "clinic": "at", "department": "in"}


# --- What people write about --------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    """One kind of feedback the trust hears.

    Filled in: {name} the department or ward, {place} the same as it reads in a sentence ("the
    Labour Ward"), {at} with its preposition ("on the Labour Ward", "at the Falls Clinic"),
    {staff} the staff named.

    ``where`` limits it to CSC codes or department names (empty: anywhere). ``standards`` are
    care standard codes such as "2.viii"; ``behaviours`` are words from one expected
    behaviour each. ``follow_up`` is a PALS resolution or a complaint's learning action.
    """

    summary: str
    description: str
    subjects: tuple[str, ...] = ()
    professions: tuple[str, ...] = ()
    standards: tuple[str, ...] = ()
    behaviours: tuple[str, ...] = ()
    follow_up: str = ""
    where: tuple[str, ...] = ()


NURSING = "Nursing, midwifery and health visiting"
ADMIN = "Trust administrative staff"
NOT_WARDS = ("clinic", "department")
Group = StaffMember.StaffGroup
# The staff directory's groups behind each KO41a profession.
PROFESSION_GROUPS = {
    "Medical": [Group.MEDICAL],
    NURSING: [Group.NURSING, Group.SUPPORT],
    "Allied health professionals": [Group.AHP],
    "Scientific, technical and professional": [Group.SCIENTIFIC],
    ADMIN: [Group.ADMIN],
    "Estates and ancillary": [Group.ESTATES],
}

COMPLAINTS = [
    Template(
        "Delay in pain relief on the ward",
        "Asked several times for pain relief {at} and waited over two hours; staff said they "
        "were too busy. In severe pain and very distressed. Asks why it was delayed and what "
        "will change.",
        subjects=("Patient care", "Staff numbers"),
        professions=(NURSING,),
        standards=("5.i",),
        behaviours=("bell calls",),
        follow_up="Pain scores and outstanding pain relief reviewed at every safety huddle",
        where=("ward",),
    ),
    Template(
        "Appointment cancelled twice without explanation",
        "Appointment {at} cancelled twice by letter, with no reason and no new date. Has been "
        "waiting months and is worried the condition is getting worse.",
        subjects=("Appointments", "Communications"),
        professions=(ADMIN,),
        standards=("5.v", "3.iv"),
        behaviours=("keep people waiting",),
        follow_up="Booking team to phone any patient whose appointment is cancelled a second time",
        where=("clinic", "Outpatients Department", "Radiology"),
    ),
    Template(
        "Discharged without medication or a follow-up plan",
        "Discharged late in the evening from {place} without the medicines to take home and "
        "with no follow-up arranged. The GP had no discharge letter a week later.",
        subjects=("Admissions and discharges", "Prescribing"),
        professions=("Medical", NURSING),
        standards=("5.iv",),
        follow_up="Discharge checklist: medicines and GP letter ready before the patient leaves",
        where=("ward",),
    ),
    Template(
        "Rude and dismissive attitude of a doctor",
        "Felt the doctor {at} was abrupt, did not listen and dismissed concerns in front of "
        "other patients. Left feeling humiliated and unsure about the treatment plan.",
        subjects=("Values and behaviours", "Communications"),
        professions=("Medical",),
        standards=("2.viii",),
        behaviours=("friendly, courteous", "with respect"),
        follow_up="Reflective discussion with the doctor and their clinical supervisor",
    ),
    Template(
        "Long wait to be seen in the Emergency Department",
        "Waited nine hours {at} before seeing a doctor, with no updates and no water offered. "
        "Elderly relative was left on a trolley in the corridor overnight.",
        subjects=("Waiting times", "Patient care"),
        professions=("Medical", NURSING),
        standards=("5.v",),
        behaviours=("keep people waiting",),
        follow_up="Hourly rounding of the waiting area with updates on expected waits",
        where=("Emergency Department", "Same Day Emergency Care"),
    ),
    Template(
        "Missed fracture on X-ray",
        "Sent home from {place} told it was a sprain; a fracture was found on the same X-ray at "
        "review ten days later. Asks why it was missed and whether it affected healing.",
        subjects=("Clinical treatment",),
        professions=("Medical", "Scientific, technical and professional"),
        standards=("4.vii",),
        behaviours=("Learn from mistakes",),
        follow_up="Virtual fracture clinic review of all emergency X-rays within 24 hours",
        where=("em", "Fracture Clinic"),
    ),
    Template(
        "Belongings lost during a transfer between wards",
        "Hearing aids, glasses and a wedding ring went missing when moved from {place} to "
        "another ward late at night. Staff could not say where they had gone.",
        subjects=("Patient care", "Facilities"),
        professions=(NURSING, "Estates and ancillary"),
        standards=("2.i",),
        follow_up="Property list to travel with the patient on every transfer and be checked",
        where=("ward",),
    ),
    Template(
        "Family not told about a patient's condition",
        "Family rang {place} daily but were given no information about a deterioration until "
        "the patient had been moved to intensive care. Nobody returned their calls.",
        subjects=("Communications",),
        professions=("Medical", NURSING),
        standards=("3.iii", "5.iv"),
        behaviours=("wishes and preferences",),
        follow_up="Named nurse to update the next of kin daily when patients cannot do so",
        where=("ward",),
    ),
    Template(
        "Privacy and dignity not maintained",
        "Personal care given {at} with the curtains left open, and a diagnosis discussed loudly "
        "where other patients and visitors could hear.",
        subjects=("Privacy, dignity and wellbeing",),
        professions=(NURSING, "Medical"),
        standards=("2.v",),
        behaviours=("privacy and dignity",),
        follow_up="Dignity pegs for bay curtains and a side room for difficult conversations",
        where=("ward", "Emergency Department"),
    ),
    Template(
        "Call bell not answered overnight",
        "Pressed the call bell repeatedly {at} overnight and waited over 40 minutes for help to "
        "the toilet; had an accident and was left embarrassed.",
        subjects=("Patient care", "Staff numbers"),
        professions=(NURSING,),
        standards=("2.v",),
        behaviours=("bell calls",),
        follow_up="Night-time call bell audit and review of the ward's night staffing",
        where=("ward",),
    ),
    Template(
        "Operation cancelled on the day after fasting",
        "Fasted from midnight, waited all day {at} and was told at 5pm the operation was "
        "cancelled for lack of a bed. Second cancellation; no new date given.",
        subjects=("Admissions and discharges", "Waiting times"),
        professions=("Medical", ADMIN),
        standards=("5.v",),
        behaviours=("keep people waiting",),
        follow_up="Patients cancelled on the day to be offered a new date before they leave",
        where=(
            "Surgical Assessment Unit",
            "Ward E4 (General Surgery)",
            "Ward E5 (Urology)",
            "Ward F4 (Elective Orthopaedics)",
            "Oral and Maxillofacial Surgery",
        ),
    ),
    Template(
        "Concerns about end of life care",
        "Family feel their mother's last days {at} lacked compassion: mouth care was not given, "
        "pain was not controlled and they were not told death was close.",
        subjects=("End of life care", "Communications"),
        professions=(NURSING, "Medical"),
        standards=("2.i", "5.iv"),
        behaviours=("wishes and preferences",),
        follow_up="End of life care training for all registered nurses on the ward",
        where=("ward",),
    ),
    Template(
        "Wrong medication given on the ward",
        "Was given another patient's tablets {at}; noticed they looked different. Asks how this "
        "happened and what checks are in place.",
        subjects=("Prescribing", "Clinical treatment"),
        professions=(NURSING,),
        standards=("4.vii",),
        behaviours=("Learn from mistakes",),
        follow_up="Medicines administration refresher and identity checks before every round",
        where=("ward",),
    ),
    Template(
        "Left in soiled bedding",
        "Relative found the patient {at} in soiled sheets at visiting time, with a cold meal "
        "left out of reach.",
        subjects=("Patient care", "Privacy, dignity and wellbeing"),
        professions=(NURSING,),
        standards=("2.v",),
        behaviours=("with respect",),
        follow_up="Intentional rounding every two hours, recorded at the bedside",
        where=("ward",),
    ),
    Template(
        "Poor cleanliness in the bay",
        "The bay {at} was dirty, with dried blood on the floor, full bins and no hand gel at the "
        "entrance. Worried about infection after surgery.",
        subjects=("Facilities",),
        professions=("Estates and ancillary",),
        standards=("3.vii",),
        behaviours=("clean, tidy", "hand hygiene"),
        follow_up="Daily cleaning checklist signed off by the nurse in charge",
        where=("ward",),
    ),
    Template(
        "Transport did not arrive for dialysis",
        "Hospital transport failed to collect the patient for dialysis three times this month; "
        "sessions were shortened as a result.",
        subjects=("Transport (ambulances)",),
        professions=("Ambulance staff",),
        standards=("5.i",),
        behaviours=("keep people waiting",),
        follow_up="Dialysis transport bookings confirmed the day before with the provider",
        where=("Patient Transport", "Renal Dialysis Unit"),
    ),
    Template(
        "Parking fine while visiting a dying relative",
        "Received a parking fine while visiting a relative receiving end of life care {at}; "
        "nobody said concession permits were available.",
        subjects=("Facilities", "Trust administration"),
        professions=("Estates and ancillary",),
        standards=("3.ii",),
        follow_up="Wards to offer concession permits to families of patients at end of life",
        where=("ward",),
    ),
    Template(
        "Delay in receiving scan results",
        "Had a scan {at} six weeks ago and has heard nothing; each phone call is passed to "
        "someone else. Very anxious while waiting.",
        subjects=("Waiting times", "Communications"),
        professions=("Scientific, technical and professional", ADMIN),
        standards=("5.v",),
        behaviours=("keep people waiting",),
        follow_up="Results turnaround published and patients told when to expect them",
        where=("Radiology", "Cardiac Catheter Laboratory", "Fracture Clinic"),
    ),
    Template(
        "Concerns about care during labour",
        "Felt unheard {at} when reporting pain and reduced movements; asks why the doctor was "
        "not called sooner.",
        subjects=("Clinical treatment", "Communications"),
        professions=(NURSING, "Medical"),
        standards=("2.i",),
        behaviours=("wishes and preferences",),
        follow_up="Case discussed at the maternity learning forum; escalation guidance reissued",
        where=("Labour Ward", "Maternity Assessment Unit"),
    ),
    Template(
        "Child's pain not taken seriously",
        "Parents say their child was in obvious pain {at} but was not given pain relief for "
        "three hours and they were told to wait.",
        subjects=("Clinical treatment", "Patient care"),
        professions=("Medical", NURSING),
        standards=("2.i",),
        behaviours=("wishes and preferences",),
        follow_up="Paediatric pain score added to triage, with pain relief given at triage",
        where=("Children's Emergency Department", "Starfish Ward (Children)"),
    ),
    Template(
        "Not helped to eat and drink",
        "Patient {at} was not helped with meals and lost weight; trays were taken away "
        "untouched. Family were not told.",
        subjects=("Patient care",),
        professions=(NURSING,),
        standards=("2.i",),
        behaviours=("bell calls",),
        follow_up="Red trays and food charts for all patients who need help to eat",
        where=("ward",),
    ),
    Template(
        "Fall on the ward not reported to the family",
        "Patient fell {at} and the family only found out from the bruising at the next visit. "
        "Asks why they were not told and whether falls checks were done.",
        subjects=("Patient care", "Communications"),
        professions=(NURSING,),
        standards=("5.iv",),
        behaviours=("Learn from mistakes",),
        follow_up="Families told of any fall within the shift, recorded in the falls care plan",
        where=("ward",),
    ),
    Template(
        "Referral lost and treatment delayed",
        "GP referral to {place} was never registered; found only when the GP chased after four "
        "months. Treatment was delayed.",
        subjects=("Trust administration", "Access to treatment or drugs"),
        professions=(ADMIN,),
        standards=("5.i",),
        follow_up="Electronic referrals acknowledged to the GP within two working days",
        where=("clinic", "Radiology", "Oral and Maxillofacial Surgery"),
    ),
    Template(
        "Risks not explained before a procedure",
        "Says the risks of the procedure were not explained and the consent form was signed in "
        "a rush on the trolley {at}.",
        subjects=("Consent", "Communications"),
        professions=("Medical",),
        standards=("3.iii",),
        behaviours=("plain language",),
        follow_up="Consent discussed at pre-assessment, with written information to take home",
        where=(
            "Surgical Assessment Unit",
            "Cardiac Catheter Laboratory",
            "Oral and Maxillofacial Surgery",
            "Ward F4 (Elective Orthopaedics)",
        ),
    ),
    Template(
        "Staff chatting in another language at the bedside",
        "Staff {at} spoke to each other in another language over the patient during care, which "
        "felt excluding and disrespectful.",
        subjects=("Values and behaviours",),
        professions=(NURSING,),
        standards=("2.viii",),
        behaviours=("plain language",),
        follow_up="Ward team reminded of the trust's expected behaviours at handover",
        where=("ward",),
    ),
    Template(
        "Urgent cancer referral not seen within two weeks",
        "Urgent suspected cancer referral to {place} not seen for five weeks; an appointment "
        "was only offered after the patient rang repeatedly.",
        subjects=("Waiting times", "Access to treatment or drugs"),
        professions=(ADMIN, "Medical"),
        standards=("5.i",),
        follow_up="Daily tracking of urgent suspected cancer referrals by the cancer team",
        where=(
            "Ear, Nose and Throat Clinic",
            "Oral and Maxillofacial Surgery",
            "Ward D6 (Gastroenterology)",
            "Ward E5 (Urology)",
        ),
    ),
    Template(
        "Poor communication about a delayed discharge",
        "Told every day for a week that discharge from {place} would be tomorrow; family took "
        "time off work each time. Nobody explained what was holding it up.",
        subjects=("Admissions and discharges", "Communications"),
        professions=(NURSING, "Allied health professionals"),
        standards=("5.iv",),
        behaviours=("keep people waiting",),
        follow_up="Expected date of discharge shared with patient and family at each board round",
        where=("ward",),
    ),
]

PALS = [
    Template(
        "Relative asking for an update on a patient",
        "Daughter unable to get an update from {place} by phone; lives away and is worried.",
        subjects=("Communications",),
        professions=(NURSING,),
        standards=("5.iv",),
        behaviours=("wishes and preferences",),
        follow_up="Nurse in charge phoned the daughter with an update and agreed a daily call",
        where=("ward",),
    ),
    Template(
        "Cannot get through to the appointment line",
        "Has tried the booking line for {place} for two days; the call rings out each time.",
        subjects=("Appointments", "Communications"),
        professions=(ADMIN,),
        standards=("3.v",),
        follow_up="Booking team rang back and confirmed the appointment date",
        where=("clinic", "Outpatients Department", "Radiology"),
    ),
    Template(
        "Parking permit for a long-stay relative",
        "Visiting daily while a relative is {at}; asks about parking concessions.",
        subjects=("Facilities",),
        professions=("Estates and ancillary",),
        standards=("3.ii",),
        follow_up="Concession permit issued by the car parking office",
        where=("ward",),
    ),
    Template(
        "Glasses left on the ward",
        "Patient discharged from {place} without their glasses.",
        subjects=("Patient care",),
        professions=(NURSING,),
        follow_up="Glasses found on the ward and posted back to the patient",
        where=("ward",),
    ),
    Template(
        "Position on the waiting list for surgery",
        "Asks how long the wait for surgery is likely to be after being listed {at}.",
        subjects=("Waiting times",),
        professions=(ADMIN,),
        standards=("5.v",),
        behaviours=("keep people waiting",),
        follow_up="Waiting list coordinator confirmed the position and likely month",
        where=(
            "Pre-operative Assessment",
            "Fracture Clinic",
            "Ear, Nose and Throat Clinic",
            "Oral and Maxillofacial Surgery",
        ),
    ),
    Template(
        "Worried about discharge plans for an elderly relative",
        "Family worried the patient will be discharged from {place} without support at home.",
        subjects=("Admissions and discharges",),
        professions=(NURSING, "Allied health professionals"),
        standards=("5.iv",),
        behaviours=("wishes and preferences",),
        follow_up="Discharge team met the family and arranged care at home before discharge",
        where=("ward",),
    ),
    Template(
        "Asking for a copy of medical records",
        "Wants a copy of their records from their care {at}.",
        subjects=("Trust administration",),
        professions=(ADMIN,),
        standards=("3.i",),
        follow_up="Sent the subject access request form and explained the records process",
    ),
    Template(
        "Interpreter not booked for an appointment",
        "Patient needing a Polish interpreter arrived {at} to find none was booked.",
        subjects=("Communications", "Appointments"),
        professions=(ADMIN,),
        standards=("3.iii",),
        behaviours=("plain language",),
        follow_up="Appointment rebooked with an interpreter; the need flagged on the record",
        where=NOT_WARDS,
    ),
    Template(
        "Help finding the right clinic",
        "Patient lost in the main corridor and late for an appointment {at}.",
        subjects=("Facilities",),
        professions=("Other",),
        standards=("3.v",),
        behaviours=("appears lost",),
        follow_up="PALS officer walked the patient to the clinic and let the clinic know",
        where=("clinic", "Outpatients Department", "Radiology"),
    ),
    Template(
        "Concern that a patient is not eating",
        "Husband says his wife {at} is not eating and nobody is helping her.",
        subjects=("Patient care",),
        professions=(NURSING,),
        standards=("2.i",),
        behaviours=("wishes and preferences",),
        follow_up="Nurse in charge started a food chart and red tray; husband invited to meals",
        where=("ward",),
    ),
    Template(
        "Visiting a patient at the end of life",
        "Family ask whether they can stay outside visiting hours {at}.",
        subjects=("End of life care",),
        professions=(NURSING,),
        standards=("3.i",),
        behaviours=("wishes and preferences",),
        follow_up="Open visiting agreed with the ward manager and a family room offered",
        where=("ward",),
    ),
    Template(
        "Appointment letter sent to an old address",
        "Missed an appointment {at} because the letter went to a previous address.",
        subjects=("Trust administration", "Appointments"),
        professions=(ADMIN,),
        standards=("3.iv",),
        follow_up="Address corrected on the patient record and a new appointment sent",
        where=NOT_WARDS,
    ),
    Template(
        "Question about medicines after discharge",
        "Confused by changes to their medicines after leaving {place}.",
        subjects=("Prescribing",),
        professions=("Allied health professionals",),
        standards=("3.iii",),
        behaviours=("plain language",),
        follow_up="Ward pharmacist phoned the patient and explained each change",
        where=("ward",),
    ),
    Template(
        "Eligibility for hospital transport",
        "Asks whether they can have transport to appointments {at}.",
        subjects=("Transport (ambulances)",),
        professions=(ADMIN,),
        standards=("3.i",),
        follow_up="Eligibility explained and transport booked for the next appointment",
        where=("clinic", "Outpatients Department", "Renal Dialysis Unit", "Patient Transport"),
    ),
    Template(
        "Clinic letter has not reached the GP",
        "GP has not received the letter from an appointment {at} a month ago.",
        subjects=("Trust administration", "Communications"),
        professions=(ADMIN,),
        standards=("5.i",),
        follow_up="Secretary chased the letter; typed and sent to the GP the same day",
        where=("clinic", "Outpatients Department"),
    ),
    Template(
        "Noise on the ward at night",
        "Patient {at} cannot sleep because of noise from staff and equipment.",
        subjects=("Privacy, dignity and wellbeing",),
        professions=(NURSING,),
        standards=("3.vii",),
        follow_up="Staff reminded about quiet at night; eye masks and ear plugs offered",
        where=("ward",),
    ),
    Template(
        "Unhappy with how they were spoken to",
        "Relative felt a member of staff {at} was short with them at the desk.",
        subjects=("Values and behaviours",),
        professions=(NURSING,),
        standards=("2.viii",),
        behaviours=("friendly, courteous",),
        follow_up="Manager apologised and discussed the concern with the member of staff",
    ),
    Template(
        "Cancelled appointment needs an urgent date",
        "Appointment {at} cancelled; symptoms worsening and wants to be seen soon.",
        subjects=("Appointments",),
        professions=(ADMIN, "Medical"),
        standards=("5.v",),
        behaviours=("keep people waiting",),
        follow_up="Consultant's secretary found an earlier appointment",
        where=("clinic", "Outpatients Department"),
    ),
    Template(
        "Wheelchair access at the entrance",
        "Automatic door near {place} broken; a wheelchair user could not get in.",
        subjects=("Facilities",),
        professions=("Estates and ancillary",),
        standards=("3.v",),
        follow_up="Estates repaired the door the same day and apologised",
    ),
    Template(
        "Asking for a second opinion",
        "Patient under the care of {place} wants a second opinion about their treatment plan.",
        subjects=("Clinical treatment",),
        professions=("Medical",),
        standards=("3.i",),
        behaviours=("wishes and preferences",),
        follow_up="Explained how to ask for a second opinion; consultant agreed a referral",
    ),
    Template(
        "Carer wants to be involved in care planning",
        "Carer of a patient with dementia {at} feels left out of decisions.",
        subjects=("Communications", "Patient care"),
        professions=(NURSING,),
        standards=("2.i",),
        behaviours=("wishes and preferences",),
        follow_up="Carer's passport issued and the carer invited to the next board round",
        where=("ward",),
    ),
    Template(
        "Test results not yet received",
        "Still waiting for test results from {place} after three weeks.",
        subjects=("Waiting times", "Communications"),
        professions=("Scientific, technical and professional",),
        standards=("5.v",),
        behaviours=("keep people waiting",),
        follow_up="Results chased and the consultant's secretary phoned the patient",
    ),
    Template(
        "Meals not suitable for dietary needs",
        "Patient {at} needs gluten-free meals and has been offered sandwiches only.",
        subjects=("Facilities", "Patient care"),
        professions=("Estates and ancillary",),
        standards=("2.iv",),
        follow_up="Catering arranged suitable meals and the dietitian reviewed the patient",
        where=("ward",),
    ),
    Template(
        "How to make a formal complaint",
        "Unhappy with care {at} and wants to know how to complain formally.",
        subjects=("Communications",),
        professions=("Other",),
        standards=("4.v",),
        follow_up="Explained the complaints process and sent the complaints leaflet",
    ),
    Template(
        "Long wait in the department with no updates",
        "Caller's relative has been waiting {at} for six hours without an update.",
        subjects=("Waiting times",),
        professions=(NURSING,),
        standards=("5.v",),
        behaviours=("keep people waiting",),
        follow_up="Nurse in charge updated the patient and family on the expected wait",
        where=("em",),
    ),
]

COMPLIMENTS = [
    Template(
        "Thank you to the {name} team",
        "A card and chocolates for everyone {at}: thank you for looking after Mum with such "
        "kindness, with special thanks to {staff}.",
        professions=(NURSING,),
        standards=("2.xi",),
        behaviours=("friendly, courteous",),
    ),
    Template(
        "Outstanding care during my stay",
        "Writes that the care {at} was outstanding from start to finish and that {staff} always "
        "had time to explain what was happening.",
        professions=(NURSING, "Medical"),
        standards=("2.i",),
        behaviours=("wishes and preferences",),
        where=("ward",),
    ),
    Template(
        "Kindness shown to my father in his last days",
        "Family thank {staff} and the team {at} for the dignity and compassion shown to their "
        "father, and for looking after them too.",
        professions=(NURSING,),
        standards=("2.v",),
        behaviours=("privacy and dignity",),
        where=("ward",),
    ),
    Template(
        "Quick and friendly treatment",
        "Seen quickly {at}; {staff} was reassuring and explained everything clearly.",
        professions=("Medical", NURSING),
        standards=("5.i",),
        behaviours=("friendly, courteous",),
    ),
    Template(
        "Excellent communication about a diagnosis",
        "Thanks {staff} {at} for taking the time to explain the diagnosis in plain language and "
        "answering every question.",
        professions=("Medical",),
        standards=("3.iii",),
        behaviours=("plain language",),
    ),
    Template(
        "Staff went the extra mile",
        "The staff {at}, especially {staff}, went out of their way to make a long stay "
        "bearable, even remembering a birthday.",
        professions=(NURSING,),
        standards=("2.xi",),
        behaviours=("with respect",),
        where=("ward",),
    ),
    Template(
        "Thank you for the safe arrival of our baby",
        "New parents thank {staff} {at} for calm, kind support through a long labour and for "
        "the help with feeding.",
        professions=(NURSING,),
        standards=("2.i",),
        behaviours=("wishes and preferences",),
        where=("Labour Ward", "Maternity Assessment Unit"),
    ),
    Template(
        "Brilliant care for our son",
        "Parents thank {staff} {at} for putting their frightened son at ease and explaining "
        "everything to him.",
        professions=(NURSING, "Medical"),
        standards=("3.iii",),
        behaviours=("friendly, courteous",),
        where=("Children's Emergency Department", "Starfish Ward (Children)", "Neonatal Unit"),
    ),
    Template(
        "Thank you for showing me the way",
        "A visitor thanks {staff} for walking them all the way to {place} when they were lost "
        "and upset.",
        professions=("Estates and ancillary",),
        standards=("2.viii",),
        behaviours=("appears lost",),
    ),
    Template(
        "Helped me walk again",
        "Thanks {staff} and the therapists {at} for their patience and encouragement after a "
        "hip operation.",
        professions=("Allied health professionals",),
        standards=("2.xi",),
        behaviours=("with respect",),
        where=("Ward F2 (Trauma)", "Ward F4 (Elective Orthopaedics)", "Ward G3 (Frailty)"),
    ),
    Template(
        "Reassuring pre-operative assessment",
        "Was very nervous before surgery; {staff} {at} answered every question and made the day "
        "feel manageable.",
        professions=(NURSING,),
        standards=("4.iii",),
        behaviours=("wishes and preferences",),
        where=("Pre-operative Assessment", "Surgical Assessment Unit"),
    ),
    Template(
        "Patient and helpful with an appointment muddle",
        "Thanks {staff} {at} for sorting out a muddle over an appointment with patience and "
        "good humour.",
        professions=(ADMIN,),
        standards=("2.viii",),
        behaviours=("friendly, courteous",),
        where=NOT_WARDS,
    ),
    Template(
        "Spotless ward and lovely food",
        "Impressed by how clean the ward was and how good the food was {at}; thanks {staff}.",
        professions=("Estates and ancillary", NURSING),
        standards=("3.vii",),
        behaviours=("clean, tidy",),
        where=("ward",),
    ),
    Template(
        "Made a frightening experience bearable",
        "Thanks {staff} for holding their hand and talking them through a procedure {at}.",
        professions=("Medical", NURSING),
        standards=("2.i",),
        behaviours=("with respect",),
    ),
    Template(
        "Thank you for listening",
        "Says {staff} {at} was the first person who really listened to their concerns, and it "
        "made all the difference.",
        professions=(NURSING, "Medical"),
        standards=("2.i",),
        behaviours=("wishes and preferences",),
    ),
    Template(
        "Thanks to the stroke team",
        "Family thank {staff} and the stroke team {at} for the speedy treatment and the "
        "rehabilitation that followed.",
        professions=("Medical", NURSING, "Allied health professionals"),
        standards=("2.xi",),
        where=("Ward G2 (Stroke)",),
    ),
    Template(
        "The dialysis team are wonderful",
        "A long-term dialysis patient thanks {staff} and the team {at} for three years of care "
        "and friendship.",
        professions=(NURSING,),
        standards=("2.xi",),
        behaviours=("friendly, courteous",),
        where=("Renal Dialysis Unit",),
    ),
    Template(
        "Seen quickly and sight saved",
        "Thanks {staff} {at} for seeing them within the hour and saving their sight.",
        professions=("Medical",),
        standards=("5.i",),
        where=("Eye Casualty",),
    ),
    Template(
        "Put my daughter at ease during a scan",
        "A parent thanks {staff} {at} for making a scary scan feel like a game.",
        professions=("Scientific, technical and professional",),
        standards=("2.viii",),
        behaviours=("friendly, courteous",),
        where=("Radiology",),
    ),
    Template(
        "Great teamwork on a busy day",
        "Though the department was very busy, {staff} kept everyone informed and calm; the "
        "teamwork {at} was remarkable.",
        professions=("Medical", NURSING),
        standards=("5.v",),
        behaviours=("keep people waiting",),
        where=("em",),
    ),
    Template(
        "Thank you for sitting with my wife",
        "A husband thanks {staff} {at} for sitting with his wife when she was confused and "
        "frightened at night.",
        professions=(NURSING,),
        standards=("2.v",),
        behaviours=("with respect",),
        where=("ward",),
    ),
    Template(
        "Excellent care from start to finish",
        "Thanks everyone {at}, particularly {staff}, for smooth and well-organised care.",
        professions=(NURSING, "Medical"),
        standards=("2.xi",),
        behaviours=("proud to be part",),
    ),
]

COMMENTS = [
    Template(
        "More seating in the waiting area",
        "Suggests more chairs {at}: people were standing for over an hour.",
        subjects=("Facilities",),
        standards=("3.vii",),
        where=NOT_WARDS,
    ),
    Template(
        "Signs are confusing",
        "Found the signs to {place} confusing and suggests clearer directions.",
        subjects=("Facilities",),
        standards=("3.v",),
        behaviours=("appears lost",),
    ),
    Template(
        "Evening appointments would help",
        "Suggests evening appointments {at} for people who work.",
        subjects=("Appointments",),
        standards=("3.vi",),
        where=("clinic", "Outpatients Department", "Radiology"),
    ),
    Template(
        "More choice on the menu",
        "Suggests more vegetarian and culturally appropriate meals {at}.",
        subjects=("Facilities",),
        standards=("2.iv",),
        where=("ward",),
    ),
    Template(
        "Text message reminders for appointments",
        "Suggests text reminders so fewer people forget appointments {at}.",
        subjects=("Appointments", "Communications"),
        standards=("3.v",),
        where=("clinic", "Outpatients Department", "Radiology"),
    ),
    Template(
        "Bedside television charges are too high",
        "Thinks the bedside television charges {at} are too high for long stays.",
        subjects=("Facilities",),
        standards=("3.ii",),
        where=("ward",),
    ),
    Template(
        "Water in the waiting room",
        "Suggests a water dispenser {at} for people waiting a long time.",
        subjects=("Facilities",),
        standards=("3.vii",),
        where=NOT_WARDS,
    ),
    Template(
        "Free Wi-Fi for patients and visitors",
        "Asks for free Wi-Fi {at} so patients can stay in touch with family.",
        subjects=("Facilities",),
        standards=("3.v",),
    ),
    Template(
        "Car park payment machines out of order",
        "Comments that the car park payment machines are often out of order.",
        subjects=("Facilities",),
        standards=("3.ii",),
    ),
    Template(
        "Hand gel empty at the ward entrance",
        "Noticed the hand gel dispenser at the entrance to {place} was empty on two visits.",
        subjects=("Facilities",),
        standards=("3.vii",),
        behaviours=("hand hygiene",),
        where=("ward",),
    ),
    Template(
        "A quiet room for families",
        "Suggests a quiet room near {place} for families receiving bad news.",
        subjects=("Privacy, dignity and wellbeing",),
        standards=("2.v",),
        behaviours=("privacy and dignity",),
    ),
    Template(
        "Leaflets in other languages",
        "Suggests information leaflets {at} in the most common community languages.",
        subjects=("Communications",),
        standards=("3.iii",),
    ),
    Template(
        "Let parents stay overnight",
        "Suggests fold-out beds so parents can stay with their children {at}.",
        subjects=("Facilities",),
        standards=("2.i",),
        where=("Starfish Ward (Children)", "Neonatal Unit"),
    ),
    Template(
        "Phone charging points by the beds",
        "Suggests charging points at each bed {at}.",
        subjects=("Facilities",),
        standards=("3.vii",),
        where=("ward",),
    ),
    Template(
        "Volunteers at the main entrance",
        "Suggests volunteers to guide visitors from the main entrance to {place}.",
        subjects=("Facilities",),
        standards=("3.v",),
        behaviours=("appears lost",),
    ),
    Template(
        "Hearing loop at reception not working",
        "Says the hearing loop at the reception desk {at} was not switched on.",
        subjects=("Facilities", "Communications"),
        standards=("3.v",),
        where=NOT_WARDS,
    ),
    Template(
        "Book appointments online",
        "Would like to book and change appointments {at} online.",
        subjects=("Appointments",),
        standards=("3.v",),
        where=("clinic", "Outpatients Department", "Radiology"),
    ),
    Template(
        "Longer visiting hours",
        "Suggests longer visiting hours {at} so working relatives can visit.",
        subjects=("Patient care",),
        standards=("4.ii",),
        behaviours=("wishes and preferences",),
        where=("ward",),
    ),
    Template(
        "Praise and a suggestion for the discharge lounge",
        "Staff were lovely but suggests a clock and drinks in the discharge lounge.",
        subjects=("Admissions and discharges",),
        standards=("3.vii",),
    ),
    Template(
        "Dementia-friendly signs",
        "Suggests dementia-friendly signs and coloured toilet doors {at}.",
        subjects=("Facilities",),
        standards=("3.vi",),
        where=("ward",),
    ),
]

TEMPLATES = {
    Kind.COMPLAINT: COMPLAINTS,
    Kind.PALS: PALS,
    Kind.COMPLIMENT: COMPLIMENTS,
    Kind.COMMENT: COMMENTS,
}

CHANNELS = {
    Kind.COMPLAINT: {
        Channel.EMAIL: 30,
        Channel.LETTER: 25,
        Channel.WEB_FORM: 20,
        Channel.PHONE: 10,
        Channel.MP: 6,
        Channel.SOLICITOR: 4,
        Channel.IN_PERSON: 5,
    },
    Kind.PALS: {
        Channel.PHONE: 50,
        Channel.IN_PERSON: 20,
        Channel.EMAIL: 20,
        Channel.WEB_FORM: 7,
        Channel.SOCIAL_MEDIA: 3,
    },
    Kind.COMPLIMENT: {
        Channel.CARD: 40,
        Channel.EMAIL: 20,
        Channel.LETTER: 15,
        Channel.WEB_FORM: 10,
        Channel.SOCIAL_MEDIA: 10,
        Channel.IN_PERSON: 5,
    },
    Kind.COMMENT: {
        Channel.WEB_FORM: 40,
        Channel.EMAIL: 30,
        Channel.LETTER: 15,
        Channel.IN_PERSON: 15,
    },
}

INVESTIGATION_NOTES = [
    "Statements requested from the nurse in charge and the staff on duty {at}.",
    "Medical and nursing records reviewed against the complainant's account.",
    "Spoke to the complainant by phone to agree the questions they want answered.",
    "Meeting offered with the consultant; complainant prefers a written response.",
    "Reviewed the ward's staffing and acuity records for the dates concerned.",
    "Discussed at the CSC governance meeting; themes linked to earlier PALS contacts.",
]
EXTENSION_REASONS = [
    "Awaiting a statement from a consultant on annual leave; complainant agreed by phone.",
    "Further questions raised by the complainant; new date agreed by email.",
    "Independent clinical review needed; complainant agreed a longer timescale.",
    "Complainant asked for a meeting before the written response.",
]
WITHDRAWAL_REASONS = [
    "Complainant satisfied after a meeting with the ward manager.",
    "Complainant no longer wishes to pursue the complaint.",
    "Resolved informally by phone with the consultant.",
]
RETURN_REASONS = [
    "Response does not answer the second question; please add the timeline of events.",
    "Tone too technical; explain the clinical terms in plain language.",
]
REOPEN_REASONS = [
    "Complainant feels the response did not explain why the delay happened.",
    "Family dispute the account of the night in question and ask for a meeting.",
    "New questions raised after reading the response.",
    "Complainant unhappy that no apology was given.",
]
LATE_REASONS = [
    "Complainant was too unwell to complain sooner; the records are still available.",
    "Complainant only learned of the problem from a later clinic letter.",
]
LATE_DECLINED = (
    "Events over three years ago; staff have left and a fair investigation is no longer possible."
)


# --- Helpers ------------------------------------------------------------------------------


def nhs_number(rng: random.Random) -> str:
    """A valid NHS number in the 999 range, which is reserved for test and never issued."""
    while True:
        digits = [9, 9, 9, *(rng.randrange(10) for _ in range(6))]
        total = sum(d * w for d, w in zip(digits, range(10, 1, -1), strict=True))
        check = 11 - total % 11
        if check == 10:  # these nine digits can never be an NHS number
            continue
        return "".join(map(str, digits)) + str(0 if check == 11 else check)


def age_band(age: int) -> str:
    if age < 18:
        return AgeBand.AGE_0_17
    if age < 65:
        return AgeBand.AGE_18_64
    if age < 75:
        return AgeBand.AGE_65_74
    if age < 85:
        return AgeBand.AGE_75_84
    return AgeBand.AGE_85_PLUS


def place_words(department, csc) -> dict:
    """How a template names the place: see Template."""
    if department is None:
        return {"name": csc.name, "place": csc.name, "at": f"in {csc.name}"}
    name = department.name
    place = name if name.startswith(NO_ARTICLE) else f"the {name}"
    return {"name": name, "place": place, "at": f"{PREPOSITION.get(department.kind, 'in')} {place}"}


def names_of(staff: list) -> str:
    named = [f"{person.job_title} {person.name}" for person in staff]
    if len(named) < 2:
        return "".join(named) or "the team"
    return f"{', '.join(named[:-1])} and {named[-1]}"


def weighted(rng: random.Random, weights: dict):
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@dataclass
class Arrival:
    """An item to log on its date, and what will happen to it afterwards."""

    received_on: date
    kind: str
    details: dict
    follow_up: str = ""  # a PALS contact's resolution
    stop: str | None = None  # complaints the demo always has stop at this status
    late: str = ""  # "accept" or "decline" for complaints made over 12 months after the event
    escalate_on: date | None = None  # PALS contacts that become complaints
    escalation_of: "Arrival | None" = None
    item: FeedbackItem | None = field(default=None, repr=False)


class DemoRegister:
    """Builds the register. All choices come from one seeded Random, made in a fixed order."""

    def __init__(self, today: date):
        self.rng = random.Random(SEED)
        self.today = today
        self.calendar = trust_calendar()
        self.cscs = list(ClinicalServiceCentre.objects.active().order_by("code"))
        self.departments = {c.pk: list(c.departments.active().order_by("name")) for c in self.cscs}
        self.staff = {
            c.pk: list(StaffMember.objects.active().filter(csc=c).order_by("email"))
            for c in self.cscs
        }
        self.tiers = list(ResponseTier.objects.active().order_by("working_days"))
        self.subjects = {s.name: s for s in Subject.objects.all()}
        self.professions = {p.name: p for p in Profession.objects.all()}
        self.service_areas = {a.name: a for a in ServiceArea.objects.all()}
        self.standards = {s.code: s for s in CareStandard.objects.with_criterion()}
        self.behaviours = list(ExpectedBehaviour.objects.order_by("position"))
        self.pals = User.objects.get(username="pals")
        self.admin = User.objects.get(username="admin")
        self.managers = {}
        for manager in User.objects.filter(managed_cscs__isnull=False).order_by("username"):
            for csc in manager.managed_cscs.all():
                self.managers.setdefault(csc.pk, manager)
        self.finished_complaints: list[FeedbackItem] = []

    # --- dates

    def add(self, day: date, working_days: int) -> date:
        if working_days < 0:
            return self.before(day, -working_days)
        return self.calendar.add_working_days(day, working_days)

    def before(self, day: date, working_days: int) -> date:
        while working_days:
            day -= timedelta(days=1)
            working_days -= self.calendar.is_working_day(day)
        return day

    def random_received_on(self) -> date:
        """A day in the last year, mostly a working day, busier in winter."""
        while True:
            day = self.today - timedelta(days=self.rng.randrange(DAYS_OF_HISTORY))
            if self.rng.random() * 1.3 > MONTH_WEIGHTS.get(day.month, 1):
                continue
            if not self.calendar.is_working_day(day) and self.rng.random() < 0.85:
                continue  # post and email wait for Monday
            return day

    # --- arrivals

    def arrivals(self) -> list[Arrival]:
        planned = []
        for kind, count in ARRIVALS.items():
            forced = ALWAYS if kind == Kind.COMPLAINT else []
            for stop, offset in forced:
                planned.append(self.forced_complaint(stop, offset))
            for _ in range(count - len(forced)):
                planned.append(self.arrival(kind, self.random_received_on()))
        escalations = []
        for arrival in planned:
            if arrival.escalate_on:
                complaint = self.arrival(Kind.COMPLAINT, arrival.escalate_on, like=arrival)
                complaint.escalation_of = arrival
                escalations.append(complaint)
        # Logged in date order so references run in the order items arrived; a PALS contact
        # always comes before the complaint it became.
        everything = planned + escalations
        return sorted(everything, key=lambda a: (a.received_on, a.escalation_of is not None))

    def forced_complaint(self, stop: str, offset: int) -> Arrival:
        if stop in (Status.RECEIVED, Status.ACKNOWLEDGED, Status.WITHDRAWN):
            arrival = self.arrival(Kind.COMPLAINT, self.before(self.today, -offset))
        else:
            # Work back from the response date wanted to the day it must have arrived.
            arrival = self.arrival(Kind.COMPLAINT, self.today)
            tier = arrival.details["tier"]
            due = self.add(self.today, offset)
            received_on = self.before(due, tier.working_days)
            if arrival.details.get("patient_date_of_birth"):
                arrival.details["patient_date_of_birth"] -= self.today - received_on
            arrival.received_on = arrival.details["received_on"] = received_on
        arrival.stop = stop
        arrival.late = ""
        arrival.details["event_on"] = arrival.received_on - timedelta(days=self.rng.randint(1, 20))
        return arrival

    def arrival(self, kind: str, received_on: date, like: Arrival | None = None) -> Arrival:
        rng = self.rng
        if like:  # an escalation: pals_escalate copies the PALS contact's details
            details = {"received_on": received_on}
            arrival = Arrival(received_on, kind, details)
            self.complaint_process(arrival)
            return arrival
        csc = self.pick_csc()
        department = rng.choice(self.departments[csc.pk]) if self.departments[csc.pk] else None
        template = self.pick_template(kind, csc, department)
        staff = self.pick_staff(kind, csc, template)
        words = place_words(department, csc)
        details = {
            "received_on": received_on,
            "event_on": received_on - timedelta(days=rng.choice([0, 1, 2, 3, 7, 14, 30, 60])),
            "channel": weighted(rng, CHANNELS[kind]),
            "csc": csc,
            "department": department,
            "summary": template.summary.format(**words),
            "description": template.description.format(**words, staff=names_of(staff)),
            "service_area": self.service_area(department),
            "subjects": [self.subjects[n] for n in template.subjects],
            "professions": [self.professions[n] for n in template.professions],
            "standards": [self.standards[c] for c in template.standards],
            "behaviours": [self.behaviour(words) for words in template.behaviours],
            "staff_named": staff,
        }
        if kind == Kind.COMMENT:
            details["event_on"] = None
        arrival = Arrival(received_on, kind, details, follow_up=template.follow_up)
        self.add_people(arrival, department, csc)
        if kind == Kind.COMPLAINT:
            self.complaint_process(arrival)
        if kind == Kind.PALS and arrival.details["raised_by"] != RaisedBy.ANONYMOUS:
            # Someone asking how to complain often goes on to; a few others escalate too.
            chance = 0.5 if "formal complaint" in template.summary else 0.05
            escalate_on = self.add(received_on, rng.randint(1, 8))
            if rng.random() < chance and escalate_on <= self.today:
                arrival.escalate_on = escalate_on
        return arrival

    def pick_csc(self) -> ClinicalServiceCentre:
        weights = [CSC_WEIGHTS.get(c.code, 5) for c in self.cscs]
        return self.rng.choices(self.cscs, weights=weights)[0]

    def pick_template(self, kind, csc, department) -> Template:
        def fits(template):
            if not template.where:
                return True
            names = {csc.code}
            if department:
                names |= {department.name, department.kind}
            return bool(names & set(template.where))

        return self.rng.choice([t for t in TEMPLATES[kind] if fits(t)])

    def pick_staff(self, kind, csc, template) -> list[StaffMember]:
        """Staff the feedback names: every compliment, some complaints and PALS contacts.
        Those of the staff groups the template is about come first, so a compliment about
        a scan thanks a radiographer where the CSC has one."""
        people = self.staff[csc.pk]
        chance = {Kind.COMPLIMENT: 1, Kind.COMPLAINT: 0.2, Kind.PALS: 0.1}.get(kind, 0)
        if not people or self.rng.random() >= chance:
            return []
        groups = {g for name in template.professions for g in PROFESSION_GROUPS.get(name, ())}
        fitting = [p for p in people if p.staff_group in groups] or people
        return self.rng.sample(fitting, k=min(len(fitting), self.rng.choice([1, 1, 1, 2, 3])))

    def service_area(self, department) -> ServiceArea | None:
        if department is None:
            name = SERVICE_AREA_DEFAULT
        else:
            name = SERVICE_AREA_BY_DEPARTMENT.get(department.name) or SERVICE_AREA_BY_KIND.get(
                department.kind, SERVICE_AREA_DEFAULT
            )
        return self.service_areas.get(name)

    def behaviour(self, words: str) -> ExpectedBehaviour:
        return next(b for b in self.behaviours if words.lower() in b.text.lower())

    def add_people(self, arrival: Arrival, department, csc) -> None:
        """The fictional patient and whoever raised the feedback."""
        rng, details, kind = self.rng, arrival.details, arrival.kind
        channel = details["channel"]
        anonymous = {Kind.PALS: 0.08, Kind.COMPLIMENT: 0.2}.get(kind, 0)
        if rng.random() < anonymous:
            details["raised_by"] = RaisedBy.ANONYMOUS
            return
        if channel == Channel.MP:
            raised_by = RaisedBy.MP
        elif channel == Channel.SOLICITOR:
            raised_by = RaisedBy.REPRESENTATIVE
        else:
            raised_by = rng.choices([RaisedBy.PATIENT, RaisedBy.RELATIVE], weights=[55, 45])[0]
        low, high = AGES_BY_DEPARTMENT.get(department.name if department else "") or (
            AGES_BY_CSC.get(csc.code, AGES_DEFAULT)
        )
        age = rng.randint(low, high)
        if age < 16:
            raised_by = RaisedBy.RELATIVE if raised_by == RaisedBy.PATIENT else raised_by
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        born = details["received_on"] - timedelta(days=age * 365 + rng.randrange(365))
        contact = f"{rng.choice(FIRST_NAMES)} {last}" if raised_by == RaisedBy.RELATIVE else ""
        if raised_by == RaisedBy.MP:
            contact = f"Office of {rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} MP"
        elif raised_by == RaisedBy.REPRESENTATIVE:
            contact = f"{rng.choice(LAST_NAMES)} and Co Solicitors"
        contact = contact or f"{first} {last}"
        mailbox = "".join(
            ch for ch in contact.lower().replace(" ", ".") if ch.isalnum() or ch == "."
        )
        details.update(
            raised_by=raised_by,
            complainant_status=(
                ComplainantStatus.PATIENT
                if raised_by == RaisedBy.PATIENT
                else ComplainantStatus.ON_BEHALF
            ),
            patient_name=f"{first} {last}",
            patient_date_of_birth=born,
            age_band=age_band(age),
            nhs_number=nhs_number(rng),
            hospital_number=f"H{rng.randrange(1_000_000, 9_999_999)}",
            contact_name=contact,
            contact_email=f"{mailbox}@example.com" if channel != Channel.LETTER else "",
            # Ofcom's range for drama: these numbers are never allocated to anyone.
            contact_phone=f"07700 900{rng.randrange(1000):03d}",
            contact_address=(
                f"{rng.randint(1, 180)} {rng.choice(STREETS)}, {rng.choice(TOWNS)}"
                if channel in (Channel.LETTER, Channel.MP, Channel.SOLICITOR)
                else ""
            ),
        )

    def complaint_process(self, arrival: Arrival) -> None:
        """Severity, tier and consent of a formal complaint, and whether it is late."""
        rng, details = self.rng, arrival.details
        severity = weighted(rng, {Severity.GREEN: 50, Severity.AMBER: 38, Severity.RED: 12})
        tiers = {Severity.GREEN: [0, 0, 0, 1], Severity.AMBER: [0, 1, 1], Severity.RED: [1, 2]}
        index = min(rng.choice(tiers[severity]), len(self.tiers) - 1)
        details.update(severity=severity, tier=self.tiers[index])
        if details.get("raised_by") in (RaisedBy.RELATIVE, RaisedBy.MP, RaisedBy.REPRESENTATIVE):
            adult = details.get("age_band") != AgeBand.AGE_0_17
            details["consent"] = Consent.PENDING if adult else Consent.NOT_REQUIRED
        if "event_on" in details and rng.random() < 0.04:
            arrival.late = "decline" if rng.random() < 0.2 else "accept"
            months = rng.randint(13, 40 if arrival.late == "decline" else 20)
            details["event_on"] = arrival.received_on - timedelta(days=months * 30)

    # --- logging

    def log(self, arrival: Arrival) -> None:
        if arrival.escalation_of:
            pals = arrival.escalation_of.item
            arrival.item = pals_escalate(
                item=pals,
                by=self.pals,
                received_on=arrival.received_on,
                tier=arrival.details["tier"],
                severity=arrival.details["severity"],
            )
            arrival.escalation_of.item.status = Status.ESCALATED
            return
        arrival.item = feedback_log(by=self.pals, kind=arrival.kind, details=arrival.details)

    # --- what happened next

    def progress(self, arrival: Arrival) -> None:
        item = arrival.item
        if arrival.kind == Kind.COMPLAINT:
            self.progress_complaint(arrival)
        elif arrival.kind == Kind.PALS and item.status == Status.OPEN:
            resolve_on = self.add(item.received_on, self.rng.choice([0, 0, 1, 1, 2, 3, 5, 8, 13]))
            if resolve_on <= self.today and self.rng.random() > 0.03:
                pals_resolve(item=item, by=self.pals, resolution=arrival.follow_up)
        elif arrival.kind == Kind.COMPLIMENT:
            share_on = self.add(item.received_on, self.rng.randint(1, 6))
            named = bool(arrival.details["staff_named"])
            if share_on <= self.today and self.rng.random() > 0.08 and named:
                compliment_share(item=item, by=self.pals)
        elif arrival.kind == Kind.COMMENT:
            close_on = self.add(item.received_on, self.rng.randint(2, 12))
            if close_on <= self.today and self.rng.random() > 0.1:
                comment_close(item=item, by=self.pals)

    def investigator(self, item) -> User:
        return self.managers.get(item.csc_id, self.admin)

    def progress_complaint(self, arrival: Arrival) -> None:
        rng, today, item = self.rng, self.today, arrival.item
        received = item.received_on
        # When each stage would be reached in the ordinary course of things.
        ack_on = self.add(received, rng.choice([1, 1, 2, 2, 3, 3, 3, 4, 6]))
        investigate_on = self.add(ack_on, rng.randint(1, 4))
        extension = None
        if rng.random() < 0.12:
            extension = (
                self.add(investigate_on, rng.randint(5, 15)),
                self.add(item.respond_by, rng.choice([10, 15, 20])),
                rng.choice(EXTENSION_REASONS),
            )
        due = extension[1] if extension else item.respond_by
        slip = rng.randint(3, 25) if rng.random() < 0.15 else rng.randint(-8, 2)
        send_on = max(self.add(due, slip), self.add(investigate_on, 8))
        submit_on = self.before(send_on, rng.randint(2, 4))
        draft_on = self.before(submit_on, rng.randint(1, 3))
        sign_on = self.before(send_on, rng.randint(0, 1))
        close_on = self.add(send_on, rng.randint(10, 30))
        withdraw_on = self.add(ack_on, rng.randint(3, 15)) if rng.random() < 0.04 else None
        outcome = weighted(
            rng, {Outcome.UPHELD: 25, Outcome.PARTIALLY_UPHELD: 40, Outcome.NOT_UPHELD: 35}
        )
        returned = rng.random() < 0.1
        consent_on = self.add(ack_on, rng.randint(1, 10))
        notes = rng.sample(INVESTIGATION_NOTES, k=rng.randint(1, 2))
        dates = {
            Status.ACKNOWLEDGED: ack_on,
            Status.UNDER_INVESTIGATION: investigate_on,
            Status.RESPONSE_DRAFTED: draft_on,
            Status.AWAITING_SIGN_OFF: submit_on,
            Status.RESPONSE_SENT: send_on,
            Status.CLOSED: close_on,
        }
        withdraw = bool(withdraw_on and withdraw_on <= today and withdraw_on < draft_on)
        if arrival.stop:
            # Complaints the demo always has stop at their status, whatever their dates say.
            dates = {stage: min(day, today) for stage, day in dates.items()}
            extension = None
            withdraw = arrival.stop == Status.WITHDRAWN
            if withdraw:
                reached, withdraw_on = {Status.ACKNOWLEDGED, Status.UNDER_INVESTIGATION}, today
            else:
                reached = set(STAGES[: STAGES.index(arrival.stop) + 1])
            ready_to_sign = arrival.stop == Status.AWAITING_SIGN_OFF and rng.random() < 0.5
            sign_on = today if ready_to_sign else None
        else:
            reached = {stage for stage, day in dates.items() if day <= today}
        pals, manager = self.pals, self.investigator(item)
        signer = self.managers.get(item.csc_id, self.admin)

        if arrival.late:
            decide_on = self.add(received, 1)
            if decide_on > today and not arrival.stop:
                return
            accept = arrival.late == "accept"
            reason = rng.choice(LATE_REASONS) if accept else LATE_DECLINED
            item = complaint_record_late_decision(item=item, by=pals, accept=accept, reason=reason)
            if not accept:
                return
        if Status.ACKNOWLEDGED not in reached:
            return
        item = complaint_acknowledge(item=item, by=pals, on=dates[Status.ACKNOWLEDGED])
        if item.consent == Consent.PENDING and (
            consent_on <= today or Status.RESPONSE_SENT in reached
        ):
            item = complaint_set_consent(item=item, by=pals, consent=Consent.OBTAINED)
        if withdraw:
            if (
                Status.UNDER_INVESTIGATION in reached
                and dates[Status.UNDER_INVESTIGATION] < withdraw_on
            ):
                item = complaint_start_investigation(item=item, by=manager)
            complaint_withdraw(item=item, by=pals, reason=rng.choice(WITHDRAWAL_REASONS))
            return
        if Status.UNDER_INVESTIGATION not in reached:
            return
        item = complaint_start_investigation(item=item, by=manager)
        words = place_words(item.department, item.csc)
        for text in notes:
            investigation_note_add(item=item, by=manager, text=text.format(**words))
        if extension and extension[0] <= today:
            item = complaint_change_deadline(
                item=item, by=pals, new_date=extension[1], reason=extension[2]
            )
        if Status.RESPONSE_DRAFTED not in reached:
            return
        item = complaint_record_outcome(item=item, by=manager, outcome=outcome)
        item = complaint_record_draft(item=item, by=pals)
        if Status.AWAITING_SIGN_OFF not in reached:
            return
        item = complaint_submit_for_sign_off(item=item, by=pals)
        if returned:
            item = complaint_return_for_changes(
                item=item, by=signer, reason=rng.choice(RETURN_REASONS)
            )
            item = complaint_submit_for_sign_off(item=item, by=pals)
        if sign_on and (sign_on <= today or Status.RESPONSE_SENT in reached):
            item = complaint_sign_off(item=item, by=signer)
        if Status.RESPONSE_SENT not in reached:
            return
        item = complaint_send_response(item=item, by=pals, on=send_on)
        if outcome != Outcome.NOT_UPHELD:
            self.add_learning(item, manager, send_on)
        if Status.CLOSED in reached:
            item = complaint_close(item=item, by=pals)
        self.finished_complaints.append(item)

    def add_learning(self, item, manager, sent_on: date) -> None:
        template = next((t for t in COMPLAINTS if t.summary == item.summary), None)
        if not template or not template.follow_up:
            return
        department = item.department
        owner = (
            f"{department.get_kind_display()} manager, {department}"
            if department
            else (f"Manager, {item.csc}")
        )
        due_on = sent_on + timedelta(days=self.rng.choice([30, 60, 90]))
        learning = learning_action_add(
            item=item, by=manager, action=template.follow_up, owner=owner, due_on=due_on
        )
        done_on = due_on - timedelta(days=self.rng.randint(0, 25))
        if done_on <= self.today and self.rng.random() < 0.8:
            learning_action_complete(learning=learning, by=manager, done_on=done_on)

    def reopen_and_refer(self) -> None:
        """A few complainants come back dissatisfied; a few more go to the Ombudsman."""
        today, rng = self.today, self.rng
        by_sent = sorted(self.finished_complaints, key=lambda i: (i.response_sent_on, i.pk))
        recent = [i for i in by_sent if 20 <= (today - i.response_sent_on).days <= 120]
        older = [i for i in by_sent if (today - i.response_sent_on).days > 120]
        for item in rng.sample(recent, k=min(REOPENED, len(recent))):
            complaint_reopen(
                item=item,
                by=self.pals,
                reason=rng.choice(REOPEN_REASONS),
                respond_by=self.add(today, rng.choice([15, 20, 25])),
            )
        for item in rng.sample(older, k=min(REFERRED_TO_PHSO, len(older))):
            referred_on = min(item.response_sent_on + timedelta(days=rng.randint(20, 60)), today)
            item = complaint_refer_to_phso(item=item, by=self.pals, on=referred_on)
            if (today - referred_on).days > 90:
                outcome = rng.choice(
                    [
                        PhsoOutcome.NOT_UPHELD,
                        PhsoOutcome.PARTLY_UPHELD,
                        PhsoOutcome.NOT_INVESTIGATED,
                    ]
                )
                complaint_record_phso_outcome(item=item, by=self.pals, outcome=outcome)

    def build(self) -> None:
        arrivals = self.arrivals()
        for arrival in arrivals:
            self.log(arrival)
        for arrival in arrivals:
            self.progress(arrival)
        self.reopen_and_refer()


@contextmanager
def quiet_compliment_emails():
    """Sharing a compliment emails the staff it names. With no broker Celery sends them at once,
    and the console backend and Celery's log would print a hundred of them over the demo's
    output: keep the emails in memory and the log to warnings. The emails go when the
    transaction commits, so this must be around it, not inside."""
    task_log = logging.getLogger("celery.app.trace")
    level = task_log.level
    task_log.setLevel(logging.WARNING)
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            yield
    finally:
        task_log.setLevel(level)


def summary(today: date) -> str:
    items = FeedbackItem.objects.all()
    complaints = items.complaints()
    pals = items.of_kind(Kind.PALS)
    compliments = items.of_kind(Kind.COMPLIMENT)
    comments = items.of_kind(Kind.COMMENT)
    return (
        f"{items.count()} items: {complaints.count()} complaints "
        f"({complaints.open_complaints().count()} open, {items.overdue(today).count()} overdue, "
        f"{complaints.filter(reopened_count__gt=0).count()} reopened), "
        f"{pals.count()} PALS contacts ({pals.filter(status=Status.OPEN).count()} open, "
        f"{pals.filter(status=Status.ESCALATED).count()} escalated), "
        f"{compliments.count()} compliments ({compliments.filter(status=Status.SHARED).count()} "
        f"shared), {comments.count()} comments "
        f"({comments.filter(status=Status.CLOSED).count()} closed)"
    )


def load() -> str:
    if FeedbackItem.objects.exists():
        return "none added: the register already has items (the demo fills an empty one only)"
    if not ResponseTier.objects.exists() or not ClinicalServiceCentre.objects.exists():
        return "none added: load the reference data first (manage.py load_reference_data)"
    today = timezone.localdate()
    with quiet_compliment_emails(), transaction.atomic():
        DemoRegister(today).build()
    return summary(today)
