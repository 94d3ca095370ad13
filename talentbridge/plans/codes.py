"""Code lists of development plans: how far an action has got (docs/development-plans.md)."""

from talentbridge.core.code_lists import code_lists

(Progress,) = code_lists(__name__)
