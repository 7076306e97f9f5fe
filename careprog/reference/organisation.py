"""The trust's Clinical Service Centres and their departments and wards (reference data)."""

from careprog.models.organisation import Department

WARD = Department.Kind.WARD
DEPT = Department.Kind.DEPARTMENT
CLINIC = Department.Kind.CLINIC

CLINICAL_SERVICE_CENTRES = [
    (
        "med",
        "Medicine",
        [
            ("Acute Medical Unit", WARD),
            ("Ward D5 (Respiratory)", WARD),
            ("Ward D6 (Gastroenterology)", WARD),
            ("Diabetes and Endocrinology Clinic", CLINIC),
        ],
    ),
    (
        "medel",
        "Medicine for Older People, Rehabilitation and Stroke",
        [
            ("Ward G2 (Stroke)", WARD),
            ("Ward G3 (Frailty)", WARD),
            ("Falls Clinic", CLINIC),
        ],
    ),
    (
        "em",
        "Emergency Medicine",
        [
            ("Emergency Department", DEPT),
            ("Children's Emergency Department", DEPT),
            ("Same Day Emergency Care", DEPT),
        ],
    ),
    (
        "surg",
        "Surgery",
        [
            ("Surgical Assessment Unit", WARD),
            ("Ward E4 (General Surgery)", WARD),
            ("Ward E5 (Urology)", WARD),
            ("Pre-operative Assessment", CLINIC),
        ],
    ),
    (
        "msk",
        "Musculoskeletal",
        [
            ("Ward F2 (Trauma)", WARD),
            ("Ward F4 (Elective Orthopaedics)", WARD),
            ("Fracture Clinic", CLINIC),
        ],
    ),
    (
        "cardio",
        "Cardiac and Renal",
        [
            ("Coronary Care Unit", WARD),
            ("Cardiac Catheter Laboratory", DEPT),
            ("Renal Dialysis Unit", DEPT),
        ],
    ),
    (
        "wc",
        "Women and Children",
        [
            ("Maternity Assessment Unit", DEPT),
            ("Labour Ward", WARD),
            ("Starfish Ward (Children)", WARD),
            ("Neonatal Unit", WARD),
        ],
    ),
    (
        "hn",
        "Head and Neck",
        [
            ("Eye Casualty", DEPT),
            ("Ear, Nose and Throat Clinic", CLINIC),
            ("Oral and Maxillofacial Surgery", DEPT),
        ],
    ),
    (
        "cs",
        "Clinical Support Services",
        [
            ("Radiology", DEPT),
            ("Outpatients Department", DEPT),
            ("Pharmacy", DEPT),
            ("Patient Transport", DEPT),
        ],
    ),
]
