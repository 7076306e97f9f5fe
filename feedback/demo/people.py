"""Fictional patients and places for the demo register."""

# --- Fictional people ---------------------------------------------------------------------

WOMEN = [
    "Margaret",
    "Joan",
    "Doreen",
    "Susan",
    "Linda",
    "Patricia",
    "Sarah",
    "Helen",
    "Karen",
    "Emma",
    "Jessica",
    "Amelia",
    "Olivia",
    "Fatima",
    "Agnieszka",
    "Grace",
    "Priya",
    "Chloe",
    "Ivy",
    "Maria",
]
MEN = [
    "Arthur",
    "Kenneth",
    "Peter",
    "David",
    "Michael",
    "John",
    "James",
    "Robert",
    "Paul",
    "Mark",
    "Ryan",
    "Noah",
    "Leo",
    "Yusuf",
    "Tomasz",
    "Samuel",
    "Daniel",
    "Harold",
    "Kwame",
    "Ravi",
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
AGES_OF_CHILDREN = (1, 15)

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

CHILDREN = {"Children's Emergency Department", "Starfish Ward (Children)", "Neonatal Unit"}
# Templates about wards, clinics or departments in general do not fit these: only those that
# name them do.
SPECIALIST = CHILDREN | {
    "Labour Ward",
    "Maternity Assessment Unit",
    "Pharmacy",
    "Patient Transport",
}

# Places named without "the" ("on Ward D5", "in Radiology"); the rest take it.
NO_ARTICLE = (
    "Ward ",
    "Starfish Ward",
    "Radiology",
    "Pharmacy",
    "Patient Transport",
    "Pre-operative",
    "Oral and",
    "Same Day",
    "Eye Casualty",
)
PREPOSITION = {"ward": "on", "clinic": "at", "department": "in"}
