"""Job titles, executive teams and professional backgrounds for the synthetic NHS leaders.

Plain data, no Django. Codes are the string values of `talentbridge.people.codes` (a test checks
that every value used here is a valid choice there). Titles follow common NHS usage; they are
illustrative, not an official list.
"""

from __future__ import annotations

#: Pay bands from the most junior leadership band up; consultants sit beside 8d/9.
LEADER_BANDS = ("8a", "8b", "8c", "8d", "9")

#: Seniority rank: a line manager always ranks above the people they manage.
#: The chief executive is rank 7, other VSM executives 6.
BAND_RANK = {"8a": 1, "8b": 2, "8c": 3, "8d": 4, "9": 5, "consultant": 4, "vsm": 6}
CEO_RANK = 7

#: Share of an organisation's non-executive leaders in each band (ESR-like shape: many 8a,
#: few band 9). Assumption, loosely after NHS Digital workforce statistics by AfC band.
BAND_SHARES = {"8a": 0.47, "8b": 0.26, "8c": 0.15, "8d": 0.08, "9": 0.04}

#: Fewest leaders of each band per organisation, so every tree has every level.
BAND_MINIMUM = {"9": 1, "8d": 1, "8c": 2, "8b": 3, "8a": 4}

#: Share of an organisation's leaders who are consultants in a medical leadership role.
CONSULTANT_SHARE = {"acute": 0.08, "mental_health": 0.06, "community": 0.03,
                    "ambulance": 0.02, "icb": 0.03}

#: Relative size of an organisation's leadership population by kind (acute trusts biggest).
KIND_WEIGHT = {"acute": 10.0, "mental_health": 6.0, "community": 4.0, "ambulance": 5.0,
               "icb": 4.0}

#: Staff group (NHS Data Dictionary STAFF GROUP) for each professional background.
STAFF_GROUP = {
    "medicine": "01",
    "nursing": "03",
    "midwifery": "03",
    "allied_health": "04",
    "pharmacy": "05",
    "other": "05",  # here: clinical and counselling psychologists, psychotherapists
    "healthcare_science": "06",
    "estates": "09",
    "finance": "08",
    "operations": "08",
    "people": "08",
    "strategy": "08",
    "digital": "08",
    "communications": "08",
    "governance": "08",
}

#: Which executive director's directorate a background reports into.
DIRECTORATE = {
    "medicine": "medical",
    "pharmacy": "medical",
    "healthcare_science": "medical",
    "other": "medical",
    "nursing": "nursing",
    "midwifery": "nursing",
    "allied_health": "operations",
    "operations": "operations",
    "estates": "estates",
    "finance": "finance",
    "digital": "digital",
    "people": "people",
    "strategy": "strategy",
    "communications": "strategy",
    "governance": "governance",
}

#: When an organisation has no executive for a directorate, who it reports to instead.
DIRECTORATE_FALLBACK = {"estates": "finance", "digital": "finance", "governance": "strategy",
                        "strategy": "ceo", "operations": "ceo", "people": "ceo",
                        "medical": "ceo", "nursing": "ceo", "finance": "ceo"}

# Executive teams: (title, directorate, {background: weight}, probability the post exists).
_NURSE = {"nursing": 9, "midwifery": 1}
ExecPost = tuple[str, str, dict[str, int], float]
EXECUTIVE_TEAMS: dict[str, list[ExecPost]] = {
    "acute": [
        ("Chief Nurse", "nursing", _NURSE, 1.0),
        ("Medical Director", "medical", {"medicine": 1}, 1.0),
        ("Chief Finance Officer", "finance", {"finance": 1}, 1.0),
        ("Chief Operating Officer", "operations",
         {"operations": 7, "nursing": 2, "allied_health": 1}, 1.0),
        ("Chief People Officer", "people", {"people": 1}, 1.0),
        ("Director of Strategy", "strategy", {"strategy": 4, "operations": 1}, 1.0),
        ("Chief Digital Information Officer", "digital", {"digital": 1}, 0.7),
        ("Director of Corporate Affairs", "governance", {"governance": 1}, 0.6),
        ("Director of Estates and Facilities", "estates", {"estates": 1}, 0.4),
    ],
    "mental_health": [
        ("Director of Nursing and Quality", "nursing", {"nursing": 1}, 1.0),
        ("Medical Director", "medical", {"medicine": 1}, 1.0),
        ("Chief Finance Officer", "finance", {"finance": 1}, 1.0),
        ("Chief Operating Officer", "operations",
         {"operations": 5, "nursing": 3, "allied_health": 2}, 1.0),
        ("Chief People Officer", "people", {"people": 1}, 1.0),
        ("Director of Strategy and Partnerships", "strategy", {"strategy": 1}, 0.8),
        ("Chief Digital Officer", "digital", {"digital": 1}, 0.5),
    ],
    "community": [
        ("Director of Nursing and Allied Health Professions", "nursing",
         {"nursing": 3, "allied_health": 1}, 1.0),
        ("Medical Director", "medical", {"medicine": 1}, 1.0),
        ("Chief Finance Officer", "finance", {"finance": 1}, 1.0),
        ("Chief Operating Officer", "operations", {"operations": 3, "nursing": 1}, 1.0),
        ("Director of People", "people", {"people": 1}, 1.0),
        ("Director of Strategy", "strategy", {"strategy": 1}, 0.5),
    ],
    "ambulance": [
        ("Director of Quality, Nursing and Allied Health Professions", "nursing",
         {"nursing": 2, "allied_health": 1}, 1.0),
        ("Medical Director", "medical", {"medicine": 1}, 1.0),
        ("Chief Finance Officer", "finance", {"finance": 1}, 1.0),
        ("Director of Operations", "operations", {"allied_health": 3, "operations": 2}, 1.0),
        ("Director of People", "people", {"people": 1}, 1.0),
        ("Director of Strategy and Transformation", "strategy", {"strategy": 1}, 0.8),
        ("Chief Information Officer", "digital", {"digital": 1}, 0.5),
    ],
    "icb": [
        ("Chief Nursing Officer", "nursing", {"nursing": 1}, 1.0),
        ("Chief Medical Officer", "medical", {"medicine": 1}, 1.0),
        ("Chief Finance Officer", "finance", {"finance": 1}, 1.0),
        ("Director of Strategy and Transformation", "strategy", {"strategy": 3, "operations": 1},
         1.0),
        ("Chief People Officer", "people", {"people": 1}, 1.0),
        ("Director of Primary Care and Place", "operations", {"operations": 1}, 0.8),
        ("Chief Digital and Information Officer", "digital", {"digital": 1}, 0.6),
        ("Director of Corporate Affairs", "governance", {"governance": 1}, 0.5),
    ],
}

#: Backgrounds of chief executives (weights).
CEO_BACKGROUNDS = {"operations": 30, "finance": 20, "nursing": 18, "medicine": 10,
                   "strategy": 10, "people": 5, "allied_health": 4, "digital": 3}

#: Backgrounds of leaders at bands 8a–9 by kind of organisation (weights).
BACKGROUNDS: dict[str, dict[str, int]] = {
    "acute": {"nursing": 24, "midwifery": 4, "allied_health": 10, "healthcare_science": 6,
              "pharmacy": 4, "finance": 10, "operations": 18, "people": 6, "strategy": 3,
              "digital": 7, "estates": 3, "communications": 2, "governance": 2, "other": 1},
    "mental_health": {"nursing": 30, "allied_health": 12, "other": 10, "pharmacy": 3,
                      "finance": 9, "operations": 15, "people": 7, "strategy": 4, "digital": 5,
                      "estates": 2, "communications": 2, "governance": 1},
    "community": {"nursing": 32, "allied_health": 18, "pharmacy": 2, "other": 3, "finance": 9,
                  "operations": 15, "people": 7, "strategy": 4, "digital": 5, "estates": 2,
                  "communications": 2, "governance": 1},
    "ambulance": {"allied_health": 30, "nursing": 6, "operations": 25, "finance": 9,
                  "people": 8, "strategy": 4, "digital": 7, "estates": 5, "communications": 3,
                  "governance": 3},
    "icb": {"nursing": 10, "pharmacy": 6, "allied_health": 3, "finance": 16, "operations": 22,
            "strategy": 18, "digital": 8, "people": 7, "communications": 5, "governance": 5},
}

DIVISIONS = {
    "acute": ["Medicine", "Surgery", "Women's and Children's", "Clinical Support Services",
              "Urgent and Emergency Care", "Specialist Services", "Cancer Services",
              "Diagnostics", "Community and Integrated Care"],
    "mental_health": ["Adult Community Services", "Inpatient Services", "Children and Young "
                      "People's Services", "Older Adults", "Forensic Services",
                      "Learning Disability and Autism", "Crisis Services"],
    "community": ["Adult Community Services", "Children and Families", "Specialist Services",
                  "Urgent Community Response", "Intermediate Care"],
    "ambulance": ["Emergency Operations", "Integrated Urgent Care", "Emergency Operations "
                  "Centre", "Patient Transport Services", "Resilience and Specialist "
                  "Operations"],
    "icb": ["Primary Care", "Urgent and Emergency Care", "Mental Health", "Children and Young "
            "People", "Planned Care", "Population Health", "Place"],
}

SPECIALTIES = ["Cardiology", "Oncology", "Respiratory Medicine", "Elderly Care", "Stroke",
               "Critical Care", "Theatres", "Orthopaedics", "Paediatrics", "Maternity",
               "Emergency Medicine", "Gastroenterology", "Renal Medicine", "Haematology",
               "Neurology", "Diabetes and Endocrinology", "General Surgery", "Urology",
               "Ophthalmology", "Dermatology", "Radiology", "Anaesthetics", "Palliative Care"]

AHP_PROFESSIONS = ["Physiotherapy", "Occupational Therapy", "Speech and Language Therapy",
                   "Dietetics", "Radiography", "Podiatry", "Orthoptics"]

SCIENCE_AREAS = ["Pathology", "Clinical Physiology", "Medical Physics", "Audiology",
                 "Cellular Pathology", "Microbiology", "Genomics", "Blood Sciences"]

#: Titles at bands 8a–9 by background. Placeholders: {division}, {specialty}, {profession},
#: {science}.
TITLES: dict[str, dict[str, list[str]]] = {
    "nursing": {
        "9": ["Deputy Chief Nurse", "Director of Nursing – {division}"],
        "8d": ["Associate Director of Nursing", "Divisional Director of Nursing – {division}",
               "Associate Director of Patient Safety"],
        "8c": ["Head of Nursing – {division}", "Deputy Director of Infection Prevention and "
               "Control", "Head of Safeguarding", "Head of Patient Experience"],
        "8b": ["Lead Nurse – {specialty}", "Senior Matron – {division}", "Lead Nurse for "
               "Safeguarding", "Lead Nurse for Infection Prevention and Control"],
        "8a": ["Matron – {specialty}", "Nurse Consultant – {specialty}", "Lead Nurse for "
               "Education", "Advanced Clinical Practitioner Lead", "Matron for Quality"],
    },
    "midwifery": {
        "9": ["Director of Midwifery"],
        "8d": ["Director of Midwifery", "Associate Director of Maternity Services"],
        "8c": ["Head of Midwifery", "Deputy Director of Midwifery"],
        "8b": ["Consultant Midwife", "Lead Midwife for Quality and Safety"],
        "8a": ["Matron – Maternity", "Lead Midwife – Community", "Digital Midwife Lead",
               "Specialist Midwife Lead"],
    },
    "allied_health": {
        "9": ["Chief Allied Health Professional", "Director of Therapies"],
        "8d": ["Associate Director of Allied Health Professions", "Head of Therapies"],
        "8c": ["Head of {profession}", "Clinical Director – Therapies"],
        "8b": ["Consultant Practitioner – {profession}", "Professional Lead – {profession}"],
        "8a": ["Clinical Lead – {profession}", "Service Manager – {profession}",
               "Advanced Practitioner Lead – {profession}"],
    },
    "healthcare_science": {
        "9": ["Chief Healthcare Scientist"],
        "8d": ["Clinical Director – Pathology", "Head of Healthcare Science"],
        "8c": ["Head of {science}", "Consultant Clinical Scientist – {science}"],
        "8b": ["Principal Clinical Scientist – {science}", "Service Manager – {science}"],
        "8a": ["Principal Healthcare Scientist – {science}", "Laboratory Manager – {science}",
               "Quality Manager – {science}"],
    },
    "pharmacy": {
        "9": ["Chief Pharmacist"],
        "8d": ["Chief Pharmacist", "Director of Pharmacy and Medicines Optimisation"],
        "8c": ["Deputy Chief Pharmacist", "Head of Medicines Optimisation"],
        "8b": ["Lead Pharmacist – {division}", "Consultant Pharmacist – {specialty}"],
        "8a": ["Principal Pharmacist – {specialty}", "Medication Safety Officer",
               "Lead Pharmacist – Education and Training"],
    },
    "other": {
        "9": ["Director of Psychological Professions"],
        "8d": ["Head of Psychological Services", "Consultant Clinical Psychologist – Lead"],
        "8c": ["Consultant Clinical Psychologist", "Head of Psychological Therapies"],
        "8b": ["Principal Clinical Psychologist", "Lead Psychotherapist"],
        "8a": ["Senior Clinical Psychologist", "Clinical Lead – Talking Therapies"],
    },
    "finance": {
        "9": ["Deputy Chief Finance Officer", "Director of Financial Operations"],
        "8d": ["Deputy Director of Finance", "Associate Director of Financial Planning"],
        "8c": ["Head of Financial Management", "Head of Costing", "Head of Procurement"],
        "8b": ["Senior Finance Business Partner – {division}", "Head of Financial Accounting",
               "Financial Controller"],
        "8a": ["Finance Business Partner – {division}", "Management Accounts Lead",
               "Payroll and Pensions Manager", "Procurement Lead"],
    },
    "operations": {
        "9": ["Deputy Chief Operating Officer", "Director of Operations – {division}"],
        "8d": ["Divisional Director of Operations – {division}", "Associate Director of "
               "Performance"],
        "8c": ["Deputy Divisional Director – {division}", "Head of Patient Flow",
               "Head of Emergency Preparedness, Resilience and Response"],
        "8b": ["General Manager – {division}", "Head of Access and Performance",
               "Service Manager – {specialty}"],
        "8a": ["Service Manager – {specialty}", "Operational Manager – {division}",
               "Performance Manager"],
    },
    "people": {
        "9": ["Deputy Chief People Officer"],
        "8d": ["Associate Director of People", "Associate Director of Organisational "
               "Development"],
        "8c": ["Head of HR Business Partnering", "Head of Learning and Organisational "
               "Development", "Head of Equality, Diversity and Inclusion"],
        "8b": ["Senior HR Business Partner – {division}", "Head of Resourcing",
               "Head of Medical Workforce"],
        "8a": ["HR Business Partner – {division}", "Workforce Planning Lead",
               "Leadership Development Lead", "Wellbeing Lead"],
    },
    "strategy": {
        "9": ["Deputy Director of Strategy"],
        "8d": ["Associate Director of Strategy", "Associate Director of Transformation"],
        "8c": ["Head of Strategy and Planning", "Head of Transformation",
               "Head of Partnerships"],
        "8b": ["Senior Strategy Manager", "Programme Director – {division}"],
        "8a": ["Strategy Manager", "Programme Manager – {division}", "Project Lead"],
    },
    "digital": {
        "9": ["Deputy Chief Digital Officer"],
        "8d": ["Associate Director of Digital Services", "Chief Technology Officer"],
        "8c": ["Head of Information", "Head of IT Infrastructure", "Head of Cyber Security"],
        "8b": ["Head of Business Intelligence", "Electronic Patient Record Programme Lead"],
        "8a": ["Data Analytics Lead", "IT Service Manager", "Clinical Systems Manager",
               "Information Governance Manager"],
    },
    "estates": {
        "9": ["Deputy Director of Estates and Facilities"],
        "8d": ["Associate Director of Estates", "Associate Director of Facilities"],
        "8c": ["Head of Estates", "Head of Capital Projects", "Head of Sustainability"],
        "8b": ["Head of Facilities", "Estates Operations Manager"],
        "8a": ["Capital Projects Manager", "Facilities Manager", "Energy and Sustainability "
               "Manager"],
    },
    "communications": {
        "9": ["Director of Communications and Engagement"],
        "8d": ["Associate Director of Communications"],
        "8c": ["Head of Communications", "Head of Engagement"],
        "8b": ["Communications Manager", "Public Engagement Lead"],
        "8a": ["Communications Lead", "Digital Communications Lead"],
    },
    "governance": {
        "9": ["Deputy Director of Corporate Affairs"],
        "8d": ["Associate Director of Governance", "Trust Secretary"],
        "8c": ["Head of Corporate Governance", "Head of Risk", "Head of Legal Services"],
        "8b": ["Deputy Trust Secretary", "Head of Compliance"],
        "8a": ["Governance Manager", "Risk Manager", "Freedom to Speak Up Guardian"],
    },
}

#: Titles that differ at an ICB (commissioning rather than running services).
ICB_TITLES: dict[str, dict[str, list[str]]] = {
    "operations": {
        "9": ["Director of Place", "Deputy Director of Commissioning"],
        "8d": ["Associate Director of Commissioning – {division}", "Associate Director of "
               "Primary Care"],
        "8c": ["Head of Commissioning – {division}", "Head of Primary Care Contracting"],
        "8b": ["Senior Commissioning Manager – {division}", "Place Development Lead"],
        "8a": ["Commissioning Manager – {division}", "Primary Care Manager",
               "Contract Manager"],
    },
    "nursing": {
        "9": ["Deputy Chief Nursing Officer"],
        "8d": ["Associate Director of Quality", "Associate Director of Safeguarding"],
        "8c": ["Head of Quality – {division}", "Designated Nurse for Safeguarding Children"],
        "8b": ["Senior Quality Manager", "Continuing Healthcare Lead"],
        "8a": ["Quality Lead – {division}", "Patient Safety Specialist",
               "Infection Prevention and Control Lead"],
    },
    "pharmacy": {
        "9": ["Chief Pharmacist"],
        "8d": ["Director of Medicines Optimisation"],
        "8c": ["Head of Medicines Optimisation"],
        "8b": ["Senior Medicines Optimisation Pharmacist"],
        "8a": ["Medicines Optimisation Pharmacist", "Prescribing Lead"],
    },
}

#: Medical leadership roles held by consultants.
CONSULTANT_TITLES = ["Clinical Director – {specialty}", "Associate Medical Director",
                     "Divisional Medical Director – {division}", "Deputy Medical Director",
                     "Director of Medical Education", "Chief Clinical Information Officer",
                     "Guardian of Safe Working Hours", "Associate Medical Director for Patient "
                     "Safety", "Clinical Lead – {specialty}"]
ICB_CONSULTANT_TITLES = ["Clinical Lead – {division}", "Associate Medical Director",
                         "Deputy Chief Medical Officer", "Clinical Director – Population Health"]
MENTAL_HEALTH_CONSULTANT_TITLES = ["Clinical Director – {division}", "Associate Medical "
                                   "Director", "Deputy Medical Director",
                                   "Director of Medical Education", "Responsible Officer"]

#: Earlier-career titles by background: [entry (band 5-6), band 7].
EARLY_TITLES: dict[str, list[list[str]]] = {
    "nursing": [["Staff Nurse – {specialty}", "Senior Staff Nurse – {specialty}"],
                ["Ward Manager – {specialty}", "Clinical Nurse Specialist – {specialty}"]],
    "midwifery": [["Midwife", "Community Midwife"], ["Delivery Suite Coordinator",
                                                     "Specialist Midwife"]],
    "allied_health": [["{profession} – Band 5", "Senior {profession} Practitioner"],
                      ["Team Lead – {profession}", "Advanced Practitioner – {profession}"]],
    "healthcare_science": [["Clinical Scientist – {science}", "Healthcare Science "
                            "Practitioner – {science}"], ["Senior Clinical Scientist – "
                                                         "{science}"]],
    "pharmacy": [["Rotational Pharmacist", "Specialist Pharmacist – {specialty}"],
                 ["Advanced Pharmacist – {specialty}"]],
    "other": [["Trainee Clinical Psychologist", "Clinical Psychologist"],
              ["Senior Clinical Psychologist"]],
    "finance": [["Graduate Management Trainee (Finance)", "Finance Officer"],
                ["Management Accountant", "Finance Manager"]],
    "operations": [["Graduate Management Trainee", "Assistant Service Manager"],
                   ["Service Manager", "Operations Manager"]],
    "people": [["HR Advisor", "Learning and Development Advisor"],
               ["Senior HR Advisor", "HR Manager"]],
    "strategy": [["Graduate Management Trainee", "Project Officer"],
                 ["Project Manager", "Planning Manager"]],
    "digital": [["Information Analyst", "IT Support Analyst"],
                ["Senior Information Analyst", "Systems Manager"]],
    "estates": [["Estates Officer", "Facilities Supervisor"],
                ["Estates Manager", "Project Manager (Estates)"]],
    "communications": [["Communications Officer"], ["Senior Communications Officer"]],
    "governance": [["Governance Officer", "Corporate Affairs Officer"],
                   ["Governance Manager", "Risk Manager"]],
}

MEDICAL_CAREER = ["Foundation Doctor", "Core Trainee – {specialty}",
                  "Specialty Registrar – {specialty}", "Consultant – {specialty}"]

#: Partner-sector employers and roles. Council, university and charity names are of public
#: bodies, not people.
PARTNER_SECTORS = {  # sector: weight
    "local_government": 34, "social_care": 14, "voluntary": 20, "academia": 14,
    "civil_service": 8, "private": 6, "armed_forces": 4,
}
LOCAL_AUTHORITIES = {
    "Y56": ["London Borough of Lambeth", "London Borough of Camden", "London Borough of "
            "Newham", "Royal Borough of Greenwich", "London Borough of Croydon",
            "Greater London Authority"],
    "Y58": ["Devon County Council", "Bristol City Council", "Cornwall Council",
            "Somerset Council", "Plymouth City Council", "Gloucestershire County Council"],
    "Y59": ["Kent County Council", "Surrey County Council", "Hampshire County Council",
            "Brighton and Hove City Council", "Oxfordshire County Council",
            "Reading Borough Council"],
    "Y60": ["Birmingham City Council", "Nottingham City Council", "Leicestershire County "
            "Council", "Staffordshire County Council", "Coventry City Council",
            "Derby City Council"],
    "Y61": ["Norfolk County Council", "Essex County Council", "Cambridgeshire County "
            "Council", "Hertfordshire County Council", "Suffolk County Council",
            "Luton Borough Council"],
    "Y62": ["Manchester City Council", "Liverpool City Council", "Lancashire County Council",
            "Salford City Council", "Cheshire East Council", "Bolton Council"],
    "Y63": ["Leeds City Council", "Newcastle City Council", "Sheffield City Council",
            "Bradford Metropolitan District Council", "Hull City Council",
            "Durham County Council"],
}
UNIVERSITIES = {
    "Y56": ["King's College London", "University College London", "Imperial College London"],
    "Y58": ["University of Bristol", "University of Exeter", "University of Plymouth"],
    "Y59": ["University of Southampton", "University of Oxford", "University of Brighton"],
    "Y60": ["University of Birmingham", "University of Nottingham", "University of Leicester"],
    "Y61": ["University of Cambridge", "University of East Anglia", "Anglia Ruskin University"],
    "Y62": ["University of Manchester", "University of Liverpool", "Lancaster University"],
    "Y63": ["University of Leeds", "Newcastle University", "University of Sheffield"],
}
VOLUNTARY = ["Age UK", "Mind", "Macmillan Cancer Support", "British Red Cross", "Marie Curie",
             "Turning Point", "Barnardo's", "Healthwatch England", "Carers UK", "Sue Ryder"]
SOCIAL_CARE = ["a care home group", "a home care provider", "an adult social care "
               "partnership", "a supported living provider"]
CIVIL_SERVICE = ["Department of Health and Social Care", "Cabinet Office", "HM Treasury",
                 "UK Health Security Agency"]
PRIVATE = ["a management consultancy", "a health technology company", "an independent "
           "sector hospital group", "an accountancy firm"]
ARMED_FORCES = ["Royal Army Medical Corps", "Royal Navy Medical Service",
                "Royal Air Force Medical Services"]
PARTNER_TITLES = {
    "local_government": ["Head of Commissioning", "Assistant Director of Adult Social Care",
                         "Public Health Consultant", "Head of Integrated Care",
                         "Strategy Manager"],
    "social_care": ["Registered Manager", "Operations Director", "Head of Quality"],
    "voluntary": ["Head of Services", "Director of Operations", "Programme Manager"],
    "academia": ["Senior Lecturer", "Research Fellow", "Programme Lead"],
    "civil_service": ["Policy Adviser", "Deputy Director", "Senior Policy Manager"],
    "private": ["Senior Consultant", "Manager", "Head of Operations"],
    "armed_forces": ["Medical Officer", "Nursing Officer", "Logistics Officer"],
}
NON_EXECUTIVE_TITLES = ["Associate Non-executive Director", "Non-executive Director"]
TRUSTEE_TITLES = ["Trustee", "Chair of Trustees"]
