"""The trust's customer care standards (strategy section 5) and expected behaviours
(strategy Appendix 1): reference data shared by feedback tagging and the standards checklists.

Taken from Portsmouth Hospitals NHS Trust Customer Care Strategy 2010-2012.
"""

# (number, title): the five Customer Service Excellence criteria.
CRITERIA = [
    (1, "Customer Insight"),
    (2, "The Culture of the Organisation"),
    (3, "Information and Access"),
    (4, "Delivery"),
    (5, "Timeliness and Quality of Service"),
]

# (criterion number, numeral, text): the 45 standards, numbered as in the strategy.
STANDARDS = [
    (
        1,
        "I",
        "The Trust will have in depth understanding of current and potential stakeholders groups based on current and reliable information",
    ),
    (
        1,
        "II",
        "The Trust will develop insight about our stakeholder groups to better understand their needs and preferences via a variety of ways e.g patient feedback surveys, stakeholder and GP surveys, patient groups etc.",
    ),
    (
        1,
        "III",
        "The Trust will make particular effort to identify hard-to-reach and disadvantaged groups and individuals and have developed services in response to their specific needs.",
    ),
    (
        1,
        "IV",
        "The Trust engages and involves customers using a range of methods appropriate to the needs of the identified groups.",
    ),
    (
        1,
        "V",
        "Clinical Service Centres will make stakeholder consultation integral to continual service improvement. Stakeholders are informed of results and actions taken.",
    ),
    (
        1,
        "VI",
        "Strategies and opportunities to engage stakeholders are reviewed regularly to ensure the methods used are effective and provide reliable representative results.",
    ),
    (
        1,
        "VII",
        "The Trust uses reliable and accurate methods to measure customer satisfaction on a regular basis.",
    ),
    (
        1,
        "VIII",
        "The Trust will analyse and publicise satisfaction levels to the full range of stakeholders about all main areas of service and how they have been improved as a result of feedback.",
    ),
    (
        1,
        "IX",
        "Included in the Trust measurement of stakeholder satisfaction will be specific questions relating to key areas including those on delivery, timeliness, information access and the quality of customer service.",
    ),
    (
        1,
        "X",
        "The Trust sets challenging and stretching targets for customer service to ensure levels are improving",
    ),
    (
        1,
        "XI",
        "The Trust makes positive changes as a result of stakeholder feedback analysis improving the patient journey.",
    ),
    (
        2,
        "i",
        "The Trust has a corporate commitment to putting patients and their families at the heart of service delivery",
    ),
    (
        2,
        "ii",
        "Customer insight will inform policy and strategy to prioritise service improvement activity.",
    ),
    (
        2,
        "iii",
        "The Trust will have policies and procedures that support the rights of patients to expect excellent levels of service.",
    ),
    (2, "iv", "All stakeholders and stakeholder groups are treated fairly."),
    (2, "v", "The privacy and dignity of all stakeholders is maintained."),
    (
        2,
        "vi",
        "All the Trust employees are actively encouraged to promote and engage in the customer-focused culture of the organisation",
    ),
    (
        2,
        "vii",
        "The customer-focused culture will be reflected in the recruitment, training and development of the Trust staff.",
    ),
    (
        2,
        "viii",
        "All the Trust will be polite and friendly to stakeholders and have an understanding of their needs",
    ),
    (
        2,
        "ix",
        "Customer-focused service delivery will be a priority at all levels of the Trust. Individuals will be evaluated through performance management.",
    ),
    (
        2,
        "x",
        "Clinical Service Centres will be able to demonstrate how patient feedback is incorporated into internal processes, policy development and service planning",
    ),
    (2, "xi", "Customer- focused services will be valued, recognised and celebrated."),
    (
        3,
        "i",
        "Information of the full range of services and contact details that the Trust provides will be readily available to stakeholders.",
    ),
    (
        3,
        "ii",
        "Where there is a charge for services e.g. parking, Hospedia entertainment, amenity beds etc, stakeholders will be fully informed of all costs",
    ),
    (
        3,
        "iii",
        "All communication to stakeholders is available and appropriate for their needs and understanding.",
    ),
    (
        3,
        "iv",
        "All information to stakeholders is current, accurate and complete and provided in a variety of medium",
    ),
    (
        3,
        "v",
        "Our services are accessible to stakeholders through a provision of a range of alternative channels e.g. hearing loops.",
    ),
    (
        3,
        "vi",
        "Accessibility will be reviewed regularly. Stakeholder feedback will identify possible service improvements and offer better choices.",
    ),
    (3, "vii", "The facilities within the Trust will be as clean and comfortable as possible."),
    (3, "viii", "The Trust interacts and supports the wider community."),
    (4, "i", "The Trust will keep stakeholders informed about performance"),
    (
        4,
        "ii",
        "Stakeholders, partners and staff are consulted and involved in reviewing and raising local standards.",
    ),
    (4, "iii", "Stakeholders will be informed what they can expect from our services."),
    (
        4,
        "iv",
        "The Trust will develop services utilising stakeholder feedback, best practice and benchmarking against similar organisations",
    ),
    (
        4,
        "v",
        "The Trust will have an easy-to-use complaints procedure which includes a commitment to deal with problems fully and solve them wherever possible within a reasonable time limit",
    ),
    (4, "vi", "The Trust staff will receive training and guidance on how to handle complaints."),
    (
        4,
        "vii",
        "The Trust will learn from mistakes by identifying patterns in formal and informal complaints. Stakeholders will be informed of how services improve by action taken.",
    ),
    (
        4,
        "viii",
        "The Trust will ensure that the outcome of the complaints procedure for stakeholders (whose complaint is upheld) is satisfactory for them.",
    ),
    (
        5,
        "i",
        "Clinical Service Centres will set appropriate and measurable standards for timeliness of response for all forms of stakeholder contact including phone calls, letters, e-communications and personal callers.",
    ),
    (
        5,
        "ii",
        "Clinical Service Centres will make information available about the promises on timeliness and quality of customer care service their patients can expect.",
    ),
    (
        5,
        "iii",
        "Clinical Service Centres will share good customer service practice with colleagues and partners",
    ),
    (
        5,
        "iv",
        "Clinical Service Centres will keep all users informed of 'next steps' in patient pathways.",
    ),
    (
        5,
        "v",
        "Clinical Service Centres will keep stakeholders informed of wait times and any problems.",
    ),
    (
        5,
        "vi",
        "Clinical Service Centres will monitor performance against standards for timeliness and quality of customer care service and take action if problems are identified.",
    ),
    (
        5,
        "vii",
        "Clinical Service Centres will publicise and benchmark their performance against customer care service.",
    ),
]

# (trust value, behaviour): the expected behaviours of the trust's values.
BEHAVIOURS = [
    ("Best Care", "Naked below the elbow follow Trust procedures for hand hygiene"),
    ("Best Care", "Listen to the wishes and preferences of patients and stakeholders"),
    ("Best Care", "Question poor practice and behaviour"),
    ("Best Care", "Learn from mistakes and ask for support where necessary"),
    ("Best Care", "Respond promptly to bell calls, telephones and other requests for help"),
    (
        "Best Care",
        "Maintain privacy and dignity. Ensure confidential information is kept safe and secure",
    ),
    ("Best People", "Treat everyone in a friendly, courteous manner; smile and make eye contact"),
    ("Best People", "Help anyone who appears lost"),
    ("Best People", "Access opportunities for learning and development"),
    ("Best People", "Use plain language and speak in English when carrying out duties"),
    ("Best People", "Treat patients and colleagues with respect"),
    (
        "Best People",
        "Understand people come from varied backgrounds; challenge bias, prejudice and intolerance",
    ),
    ("Best Hospital", "Ensure appearance is professional and name badge visible"),
    ("Best Hospital", "Look for better ways of working to achieve improvements"),
    ("Best Hospital", "Respect patients time; apologise and explain if we keep people waiting"),
    ("Best Hospital", "Uphold the values and be proud to be part of the Trust"),
    ("Best Hospital", "Keep work area clean, tidy and pick up litter when you see it"),
]
