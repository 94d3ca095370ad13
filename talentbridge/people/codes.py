"""NHS reference codes for people. Sources are in docs/reference-codes.md.

Ethnic category and staff group follow the NHS Data Dictionary; Agenda for Change bands follow
the NHS Terms and Conditions handbook. The lists marked [K] in docs/reference-codes.md were not
confirmed in a source and are kept in codes.toml, in one place, so that they can be corrected.
"""

from talentbridge.core.code_lists import code_lists

(
    PayBand, StaffGroup, ProfessionalBackground, Visibility, CareerRoleKind, Sector,
    EthnicCategory, Sex, Disability, SexualOrientation, Religion,
) = code_lists(__name__)


#: Bands that count as leadership for TalentBridge (8a and above, VSM, consultants).
LEADERSHIP_BANDS = ("8a", "8b", "8c", "8d", "9", "vsm", "consultant")


WHITE_CATEGORIES = ("A", "B", "C")
ETHNIC_MINORITY_CATEGORIES = tuple("DEFGHJKLMNPRS")

