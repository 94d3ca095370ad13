"""Code lists of accounts: the roles held at a scope, the levels of scope, and what an API
token may be used for (docs/accounts.md)."""

from talentbridge.core.code_lists import code_lists

Role, ScopeLevel, TokenScope = code_lists(__name__)


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


ALL_SCOPES = [TokenScope.READ.value, TokenScope.WRITE.value, TokenScope.IMPORT.value]
