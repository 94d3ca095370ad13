"""The Jinja2 environment: loaders, globals, filters, undefined handling."""

import collections
import datetime
from zoneinfo import ZoneInfo

import pytest
from django.template import engines
from django.test import override_settings
from jinja2 import UndefinedError

from talentbridge.config.jinja2 import environment
from talentbridge.core.jinja_helpers import nhs_date
from talentbridge.core.jinja_helpers import nhs_datetime
from talentbridge.core.jinja_helpers import nhs_time
from talentbridge.core.tests.forms import SampleForm

pytestmark = pytest.mark.urls("talentbridge.core.tests.urls")


def env():
    return engines["jinja2"].env


def test_nhsuk_macros_are_on_the_loader():
    html = env().from_string(
        '{% from "nhsuk/components/button/macro.jinja" import button %}'
        '{{ button({"text": "Save and continue"}) }}'
    ).render()
    assert 'class="nhsuk-button"' in html
    assert "Save and continue" in html


def test_globals():
    html = env().from_string(
        "{{ static('talentbridge/build/main.css') }}|{{ url('core:accessibility') }}|"
        "{{ url_or('/x/', 'nope:nope') }}|{{ now().year > 2000 }}"
    ).render()
    assert html == "/static/talentbridge/build/main.css|/accessibility/|/x/|True"


def test_templates_share_the_environments_globals_read_only():
    # each macro import compares the two templates' globals: over the environment's own dict
    # that is one set operation, over a ChainMap a look-up per key (form pages are slower)
    template = env().get_template("nhsuk/components/button/macro.jinja")
    assert dict(template.globals) == env().globals
    assert type(template.globals) is not collections.ChainMap
    with pytest.raises(TypeError):
        template.globals["leak"] = "set through a template"
    assert "leak" not in env().globals


def test_a_template_given_globals_of_its_own_keeps_them_to_itself():
    html = env().from_string("{{ greeting }}, {{ url('core:accessibility') }}",
                             globals={"greeting": "Hello"}).render()
    assert html == "Hello, /accessibility/"
    assert "greeting" not in env().globals


def test_dates_in_nhs_style():
    assert nhs_date(datetime.date(2026, 11, 26)) == "26 November 2026"
    assert nhs_date(datetime.date(2026, 3, 1)) == "1 March 2026"
    assert nhs_date(None) == ""
    utc = datetime.datetime(2026, 7, 1, 13, 30, tzinfo=ZoneInfo("UTC"))
    assert nhs_datetime(utc) == "1 July 2026 at 2:30pm"  # shown in London time (BST)
    assert nhs_time(datetime.time(9, 0)) == "9am"
    assert nhs_time(datetime.time(12, 0)) == "midday"
    assert nhs_time(datetime.time(0, 0)) == "midnight"
    rendered = env().from_string("{{ d | nhs_date }}").render({"d": datetime.date(2026, 11, 26)})
    assert rendered == "26 November 2026"


@override_settings(TALENTBRIDGE_STRICT_TEMPLATES=True)
def test_strict_mode_catches_misspelt_variables_but_macros_still_render():
    strict = environment(loader=env().loader.loaders[0], autoescape=True)
    with pytest.raises(UndefinedError):
        strict.from_string("{{ persn.name }}").render({"person": {"name": "Ada"}})
    # Missing keys of a dict that exists are fine (the NHS macros rely on that).
    assert strict.from_string("[{{ person.nickname }}]").render({"person": {}}) == "[]"
    form = SampleForm({"first_name": "x" * 11})
    form.is_valid()
    html = strict.from_string(
        "{{ error_summary(form) }}{% for f in form %}{{ nhs_field(f) }}{% endfor %}"
    ).render({"form": form})
    assert "nhsuk-error-summary" in html
    assert "nhsuk-date-input" in html


@override_settings(TALENTBRIDGE_STRICT_TEMPLATES=False)
def test_lenient_mode_prints_nothing_for_missing_variables():
    lenient = environment(loader=env().loader.loaders[0], autoescape=True)
    assert lenient.from_string("[{{ persn.name }}]").render() == "[]"


def test_autoescape_is_on():
    assert env().from_string("{{ x }}").render({"x": "<b>"}) == "&lt;b&gt;"
