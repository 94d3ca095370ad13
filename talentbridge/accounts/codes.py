"""Code lists of accounts: the roles held at a scope, the levels of scope, and what an API
token may be used for (docs/accounts.md)."""

from django.db import models


class Role(models.TextChoices):
    """Roles held at a scope. 'Leader' (self) and 'line manager' come from the person record."""

    ORGANISATION_TALENT_LEAD = "organisation_talent_lead", "Organisation talent lead"
    SYSTEM_TALENT_LEAD = "system_talent_lead", "System talent lead"
    REGIONAL_LEAD = "regional_lead", "Regional talent lead"
    NATIONAL_LEAD = "national_lead", "National talent lead"
    PROGRAMME_MANAGER = "programme_manager", "Programme manager"
    ANALYST = "analyst", "Analyst"
    ORGANISATION_ADMINISTRATOR = "organisation_administrator", "Organisation administrator"
    ADMINISTRATOR = "administrator", "Administrator"


class ScopeLevel(models.TextChoices):
    ORGANISATION = "organisation", "Organisation"
    SYSTEM = "system", "Integrated care system"
    REGION = "region", "Region"
    ENGLAND = "england", "England"


#: Which scope each role is held at. Analysts may hold any scope.
ROLE_SCOPE_LEVELS: dict[str, set[str]] = {
    Role.ORGANISATION_TALENT_LEAD: {ScopeLevel.ORGANISATION},
    Role.SYSTEM_TALENT_LEAD: {ScopeLevel.SYSTEM},
    Role.REGIONAL_LEAD: {ScopeLevel.REGION},
    Role.NATIONAL_LEAD: {ScopeLevel.ENGLAND},
    Role.PROGRAMME_MANAGER: {ScopeLevel.ORGANISATION, ScopeLevel.SYSTEM, ScopeLevel.REGION,
                             ScopeLevel.ENGLAND},
    Role.ANALYST: {ScopeLevel.ORGANISATION, ScopeLevel.SYSTEM, ScopeLevel.REGION,
                   ScopeLevel.ENGLAND},
    Role.ORGANISATION_ADMINISTRATOR: {ScopeLevel.ORGANISATION},
    Role.ADMINISTRATOR: {ScopeLevel.ENGLAND},
}


class TokenScope(models.TextChoices):
    """What a token may be used for; every API operation needs one (talentbridge.accounts.auth)."""

    READ = "read", "Read"
    WRITE = "write", "Change (add, edit, delete)"
    IMPORT = "import", "Import files (workforce snapshots, events)"


ALL_SCOPES = [TokenScope.READ.value, TokenScope.WRITE.value, TokenScope.IMPORT.value]
