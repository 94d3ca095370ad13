"""NHS reference codes for people. Sources are in docs/reference-codes.md.

Ethnic category and staff group follow the NHS Data Dictionary; Agenda for Change bands follow
the NHS Terms and Conditions handbook. The lists marked [K] in docs/reference-codes.md were not
confirmed in a source and are kept here, in one place, so that they can be corrected.
"""

from django.db import models


class PayBand(models.TextChoices):
    BAND_1 = "1", "Band 1"
    BAND_2 = "2", "Band 2"
    BAND_3 = "3", "Band 3"
    BAND_4 = "4", "Band 4"
    BAND_5 = "5", "Band 5"
    BAND_6 = "6", "Band 6"
    BAND_7 = "7", "Band 7"
    BAND_8A = "8a", "Band 8a"
    BAND_8B = "8b", "Band 8b"
    BAND_8C = "8c", "Band 8c"
    BAND_8D = "8d", "Band 8d"
    BAND_9 = "9", "Band 9"
    VSM = "vsm", "Very senior manager (VSM)"
    CONSULTANT = "consultant", "Medical: consultant"
    SPECIALTY_DOCTOR = "specialty_doctor", "Medical: specialty doctor or specialist"
    RESIDENT_DOCTOR = "resident_doctor", "Medical: resident doctor"


#: Bands that count as leadership for TalentBridge (8a and above, VSM, consultants).
LEADERSHIP_BANDS = ("8a", "8b", "8c", "8d", "9", "vsm", "consultant")


class StaffGroup(models.TextChoices):
    MEDICAL_AND_DENTAL = "01", "Medical and Dental"
    STUDENTS = "02", "Students"
    NURSING_AND_MIDWIFERY = "03", "Nursing and Midwifery Registered"
    ALLIED_HEALTH_PROFESSIONALS = "04", "Allied Health Professionals"
    ADDITIONAL_PROFESSIONAL_SCIENTIFIC = "05", "Additional Professional Scientific and Technical"
    HEALTHCARE_SCIENTISTS = "06", "Healthcare Scientists"
    ADDITIONAL_CLINICAL_SERVICES = "07", "Additional Clinical Services"
    ADMINISTRATIVE_AND_CLERICAL = "08", "Administrative and Clerical"
    ESTATES_AND_ANCILLARY = "09", "Estates and Ancillary"
    SUPPLEMENTARY_ROLES = "10", "Supplementary Roles"


class ProfessionalBackground(models.TextChoices):
    MEDICINE = "medicine", "Medicine"
    NURSING = "nursing", "Nursing"
    MIDWIFERY = "midwifery", "Midwifery"
    ALLIED_HEALTH = "allied_health", "Allied health profession"
    HEALTHCARE_SCIENCE = "healthcare_science", "Healthcare science"
    PHARMACY = "pharmacy", "Pharmacy"
    FINANCE = "finance", "Finance"
    OPERATIONS = "operations", "Operational management"
    PEOPLE = "people", "People and HR"
    STRATEGY = "strategy", "Strategy and planning"
    DIGITAL = "digital", "Digital, data and technology"
    ESTATES = "estates", "Estates and facilities"
    COMMUNICATIONS = "communications", "Communications and engagement"
    CORPORATE_GOVERNANCE = "governance", "Corporate governance"
    OTHER = "other", "Other"


class Visibility(models.TextChoices):
    """Who a leader lets see their talent profile (their own choice)."""

    ORGANISATION = "organisation", "My organisation only"
    SYSTEM = "system", "Organisations in my integrated care system"
    NATIONAL = "national", "Talent leads across the NHS in England"


class CareerRoleKind(models.TextChoices):
    SUBSTANTIVE = "substantive", "Substantive"
    SECONDMENT = "secondment", "Secondment"
    INTERIM = "interim", "Interim"
    ACTING = "acting", "Acting"
    NON_EXECUTIVE = "non_executive", "Non-executive"


class Sector(models.TextChoices):
    NHS = "nhs", "NHS"
    LOCAL_GOVERNMENT = "local_government", "Local government"
    SOCIAL_CARE = "social_care", "Social care"
    VOLUNTARY = "voluntary", "Voluntary and community sector"
    PRIVATE = "private", "Private sector"
    ACADEMIA = "academia", "Universities and research"
    CIVIL_SERVICE = "civil_service", "Civil service"
    ARMED_FORCES = "armed_forces", "Armed forces"


class EthnicCategory(models.TextChoices):
    """NHS Data Dictionary ETHNIC CATEGORY (2001 census 16+1)."""

    A = "A", "White – British"
    B = "B", "White – Irish"
    C = "C", "White – Any other White background"
    D = "D", "Mixed – White and Black Caribbean"
    E = "E", "Mixed – White and Black African"
    F = "F", "Mixed – White and Asian"
    G = "G", "Mixed – Any other mixed background"
    H = "H", "Asian or Asian British – Indian"
    J = "J", "Asian or Asian British – Pakistani"
    K = "K", "Asian or Asian British – Bangladeshi"
    L = "L", "Asian or Asian British – Any other Asian background"
    M = "M", "Black or Black British – Caribbean"
    N = "N", "Black or Black British – African"
    P = "P", "Black or Black British – Any other Black background"
    R = "R", "Other ethnic groups – Chinese"
    S = "S", "Other ethnic groups – Any other ethnic group"
    Z = "Z", "Not stated (asked, declined)"
    NOT_KNOWN = "99", "Not known (not asked)"


WHITE_CATEGORIES = ("A", "B", "C")
ETHNIC_MINORITY_CATEGORIES = tuple("DEFGHJKLMNPRS")


class Sex(models.TextChoices):
    """NHS Data Dictionary PERSON STATED GENDER CODE [K]."""

    MALE = "1", "Male"
    FEMALE = "2", "Female"
    INDETERMINATE = "9", "Indeterminate (unable to be classified as either male or female)"
    NOT_KNOWN = "X", "Not known"


class Disability(models.TextChoices):
    YES = "Y", "Yes"
    NO = "N", "No"
    NOT_STATED = "Z", "Prefer not to say"
    NOT_KNOWN = "U", "Not known"


class SexualOrientation(models.TextChoices):
    """NHS Data Dictionary SEXUAL ORIENTATION (2015) [K]."""

    HETEROSEXUAL = "1", "Heterosexual or straight"
    GAY_OR_LESBIAN = "2", "Gay or lesbian"
    BISEXUAL = "3", "Bisexual"
    OTHER = "4", "Other sexual orientation not listed"
    NOT_SURE = "U", "Not sure"
    NOT_STATED = "Z", "Prefer not to say"
    NOT_KNOWN = "9", "Not known (not recorded)"


class Religion(models.TextChoices):
    """Religion or belief as ESR records it [K]."""

    NONE = "none", "No religion or atheism"
    BUDDHISM = "buddhism", "Buddhism"
    CHRISTIANITY = "christianity", "Christianity"
    HINDUISM = "hinduism", "Hinduism"
    ISLAM = "islam", "Islam"
    JAINISM = "jainism", "Jainism"
    JUDAISM = "judaism", "Judaism"
    SIKHISM = "sikhism", "Sikhism"
    OTHER = "other", "Other"
    NOT_STATED = "not_stated", "Prefer not to say"
