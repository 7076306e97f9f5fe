"""Demo texts: compliments."""

from feedback.demo.texts import ADMIN, APPOINTMENTS, NURSING, Template

COMPLIMENTS = [
    Template(
        "Thank you to the {name} team",
        "A card and chocolates for everyone {at}: thank you for looking after Mum with such "
        "kindness, with special thanks to {staff}.",
        professions=(NURSING,),
        standards=("2.xi",),
        behaviours=("friendly, courteous",),
        from_relative=True,
        patient="woman",
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
        from_relative=True,
        patient="man",
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
        where=("ward", "clinic", "department"),
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
        patient="woman",
    ),
    Template(
        "Brilliant care for our son",
        "Parents thank {staff} {at} for putting their frightened son at ease and explaining "
        "everything to him.",
        professions=(NURSING, "Medical"),
        standards=("3.iii",),
        behaviours=("friendly, courteous",),
        where=("Children's Emergency Department", "Starfish Ward (Children)", "Neonatal Unit"),
        from_relative=True,
        patient="boy",
    ),
    Template(
        "Thank you for showing me the way",
        "A visitor thanks {staff} for walking them all the way to {place} when they were lost "
        "and upset.",
        professions=("Estates and ancillary",),
        standards=("2.viii",),
        behaviours=("appears lost",),
        from_relative=True,
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
        where=APPOINTMENTS,
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
        where=("ward", "department"),
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
        from_relative=True,
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
        from_relative=True,
        patient="girl",
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
        from_relative=True,
        patient="woman",
    ),
    Template(
        "Excellent care from start to finish",
        "Thanks everyone {at}, particularly {staff}, for smooth and well-organised care.",
        professions=(NURSING, "Medical"),
        standards=("2.xi",),
        behaviours=("proud to be part",),
    ),
]
