"""Jinja2 environment for TalentBridge templates.

Used by Django's Jinja2 backend (``OPTIONS["environment"]`` in settings). It

* adds the NHS.UK frontend Jinja templates (``nhsuk/template.jinja`` and
  ``nhsuk/components/<name>/macro.jinja``) after the app ``jinja2/`` folders,
* uses an undefined type the NHS macros can live with (they rely on chained
  look-ups such as ``params.formGroup.classes``) that still fails loudly in
  development and tests when a template prints a variable that does not exist,
* registers the globals and filters documented in ``docs/frontend.md``.
"""

from __future__ import annotations

from types import MappingProxyType

from django.conf import settings
from jinja2 import ChainableUndefined
from jinja2 import ChoiceLoader
from jinja2 import Environment
from jinja2 import PackageLoader
from jinja2.utils import missing

from talentbridge.config import workspace
from talentbridge.config.navigation import primary_navigation
from talentbridge.core import jinja_helpers


class LenientUndefined(ChainableUndefined):
    """What the NHS.UK frontend macros expect: missing values chain and print as ""."""


class StrictTopLevelUndefined(ChainableUndefined):
    """Like :class:`LenientUndefined`, but printing a *top-level* name that does not
    exist (a typo such as ``{{ persn.name }}``, or a view that forgot a context
    variable) raises ``UndefinedError``.

    Missing keys of a mapping that does exist (``{{ params.hint }}``), which the NHS
    macros rely on, still print as an empty string. Jinja's ``undefined`` name, used
    by the macros as a value, is allowed too.
    """

    __slots__ = ()

    def __str__(self) -> str:
        if self._undefined_obj is missing and self._undefined_name not in (None, "undefined"):
            self._fail_with_undefined_error()
        return super().__str__()


class NhsEnvironment(Environment):
    """Jinja's environment, with each template's globals the environment's own (read-only)
    where the template adds none, instead of a new ``ChainMap`` over them.

    Every ``{% from "nhsuk/components/…/macro.jinja" import … %}`` compares the importing
    template's globals with the imported one's, key by key; over a ``ChainMap`` that cost a
    form page a few milliseconds (hundreds of imports, each of some fifty keys), and over the
    environment's dict it is one set operation. A template given globals of its own still gets
    a ``ChainMap``, so they never reach the environment's."""

    def make_globals(self, d):
        if not d:
            return MappingProxyType(self.globals)
        return super().make_globals(d)


def strict_templates() -> bool:
    """Strict undefined handling: ``TALENTBRIDGE_STRICT_TEMPLATES``, else ``DEBUG``."""
    return bool(getattr(settings, "TALENTBRIDGE_STRICT_TEMPLATES", settings.DEBUG))


def environment(**options) -> NhsEnvironment:
    app_loader = options.pop("loader", None)
    loaders = [app_loader] if app_loader is not None else []
    loaders.append(PackageLoader("nhsuk_frontend_jinja"))
    options["loader"] = ChoiceLoader(loaders)
    options.setdefault("autoescape", True)
    options["undefined"] = StrictTopLevelUndefined if strict_templates() else LenientUndefined

    env = NhsEnvironment(**options)  # noqa: S701 - autoescape is on (set above / by Django)
    env.globals.update(jinja_helpers.GLOBALS)
    env.globals["primary_navigation"] = primary_navigation
    env.globals["workspace"] = workspace.for_request
    env.globals["role_shortcuts"] = workspace.shortcuts
    env.filters.update(jinja_helpers.FILTERS)
    return env
