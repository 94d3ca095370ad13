"""NHS form rendering: error summary, field markup and messages, date field."""

import datetime

import pytest
from django import forms
from django.template import engines

from talentbridge.core.forms import NHSDateField
from talentbridge.core.forms import NHSForm
from talentbridge.core.tests.forms import SampleForm
from talentbridge.core.tests.html import parse

pytestmark = pytest.mark.django_db

TEMPLATE = """
{{ error_summary(form) }}
{% for field in form %}{{ nhs_field(field) }}{% endfor %}
"""

BAD_POST = {
    "first_name": "Bartholomew-Alexander",  # 21 characters, limit 10
    "email": "not-an-email",
    "summary": "x" * 21,
    "band": "",
    "start_date_day": "31",
    "start_date_month": "2",
    "start_date_year": "2024",
}


def render(form, source=TEMPLATE):
    return parse(engines["jinja2"].from_string(source).render({"form": form}))


def test_error_summary_links_to_every_field_and_lists_every_message():
    form = SampleForm(BAD_POST)
    assert not form.is_valid()
    dom = render(form)

    summary = dom.find("div", class_="nhsuk-error-summary")
    assert summary is not None
    assert "There is a problem" in summary.text
    links = {a.attrs["href"]: a.text for a in summary.find_all("a")}
    assert links == {
        "#id_first_name": "First name must be 10 characters or fewer",
        "#id_email": "Email address must be in the correct format, like name@example.nhs.uk",
        "#id_summary": "Summary must be 20 characters or fewer",
        "#id_band": "Select agenda for Change band",
        "#id_role": "Select your role",
        "#id_interests": "Select interests",
        "#id_start_date_day": "Start date in post must be a real date",
        "#id_consent": (
            "Select \u201cI agree to share my profile with my talent lead\u201d to continue"
        ),
    }
    # Every link target exists on the page.
    for href in links:
        assert dom.by_id(href[1:]) is not None, href


def test_each_field_shows_its_own_error_message_next_to_it():
    form = SampleForm(BAD_POST)
    form.is_valid()
    dom = render(form)
    for name in ("first_name", "email", "summary", "band", "role", "interests", "start_date",
                 "consent"):
        bound = form[name]
        message = dom.by_id(f"id_{name}-error")
        assert message is not None, name
        assert "nhsuk-error-message" in message.classes
        assert message.text == f"Error: {bound.errors[0]}"
        group = message.parent
        while "nhsuk-form-group" not in group.classes:
            group = group.parent
        assert "nhsuk-form-group--error" in group.classes, name


def test_inputs_are_labelled_described_and_keep_what_the_user_typed():
    form = SampleForm(BAD_POST)
    form.is_valid()
    dom = render(form)
    first_name = dom.by_id("id_first_name")
    assert first_name.tag == "input"
    assert first_name.attrs["name"] == "first_name"
    assert first_name.attrs["value"] == "Bartholomew-Alexander"
    assert "nhsuk-input--error" in first_name.classes
    assert first_name.attrs["aria-describedby"] == "id_first_name-hint id_first_name-error"
    # No maxlength attribute: the browser must not silently cut text; the server says why.
    assert "maxlength" not in first_name.attrs
    assert dom.find("label", **{"for": "id_first_name"}).text == "First name"
    assert dom.by_id("id_first_name-hint").text == "As it appears on your payslip"
    assert dom.by_id("id_email").attrs["type"] == "email"
    assert dom.by_id("id_summary").tag == "textarea"
    assert dom.by_id("id_summary").text == "x" * 21
    select = dom.by_id("id_band")
    assert select.tag == "select"
    assert [o.attrs["value"] for o in select.find_all("option")] == ["", "8a", "8b", "9"]


def test_radios_checkboxes_and_date_are_fieldsets_with_legends():
    form = SampleForm(BAD_POST)
    form.is_valid()
    dom = render(form)
    legends = [legend.text for legend in dom.find_all("legend")]
    assert legends == ["Your role", "Interests", "Start date in post"]
    radios = dom.find_all("input", type="radio")
    assert [r.attrs["id"] for r in radios] == ["id_role", "id_role-2", "id_role-3"]
    assert {r.attrs["name"] for r in radios} == {"role"}
    checkboxes = dom.find_all("input", type="checkbox")
    assert [c.attrs["name"] for c in checkboxes] == ["interests", "interests", "consent"]
    day, month, year = (dom.by_id(f"id_start_date_{part}") for part in ("day", "month", "year"))
    assert (day.attrs["name"], month.attrs["name"], year.attrs["name"]) == (
        "start_date_day", "start_date_month", "start_date_year",
    )
    assert (day.attrs["value"], month.attrs["value"], year.attrs["value"]) == ("31", "2", "2024")
    assert day.attrs["inputmode"] == "numeric"
    # Only the day is wrong, so only the day is highlighted.
    assert "nhsuk-input--error" in day.classes
    assert "nhsuk-input--error" not in month.classes
    assert "nhsuk-input--error" not in year.classes


def test_selected_values_are_shown_again():
    form = SampleForm({**BAD_POST, "role": "manager", "interests": ["clinical"], "band": "8b"})
    form.is_valid()
    dom = render(form)
    assert "checked" in dom.by_id("id_role-2").attrs
    assert "checked" not in dom.by_id("id_role").attrs
    assert "checked" in dom.by_id("id_interests-2").attrs
    assert "selected" in dom.find("option", value="8b").attrs


def test_valid_or_unbound_form_has_no_error_summary():
    dom = render(SampleForm())
    assert dom.find("div", class_="nhsuk-error-summary") is None
    assert dom.find(class_="nhsuk-error-message") is None
    form = SampleForm({
        "first_name": "Ada", "email": "ada@example.nhs.uk", "band": "9", "role": "leader",
        "interests": ["board"], "start_date_day": "1", "start_date_month": "4",
        "start_date_year": "2020", "consent": "true",
    })
    assert form.is_valid(), form.errors
    assert form.cleaned_data["start_date"] == datetime.date(2020, 4, 1)
    assert render(form).find("div", class_="nhsuk-error-summary") is None


def test_as_field_group_renders_the_same_as_nhs_field():
    form = SampleForm(BAD_POST)
    form.is_valid()
    env = engines["jinja2"]
    via_global = env.from_string("{{ nhs_field(form.email) }}").render({"form": form})
    via_method = env.from_string("{{ form.email.as_field_group() }}").render({"form": form})
    assert via_global == via_method
    assert 'class="nhsuk-form-group nhsuk-form-group--error"' in via_method


def test_nhs_field_overrides_merge_into_macro_params():
    form = SampleForm()
    dom = render(
        form,
        '{{ nhs_field(form.first_name, label={"size": "l", "isPageHeading": true},'
        ' classes="nhsuk-input--width-10") }}',
    )
    assert dom.find("h1") is not None
    assert "nhsuk-label--l" in dom.find("label").classes
    assert "nhsuk-input--width-10" in dom.by_id("id_first_name").classes


def test_over_long_input_is_rejected_naming_the_field_and_the_limit():
    class NameForm(NHSForm):
        family_name = forms.CharField(max_length=35)

    form = NameForm({"family_name": "x" * 36})
    assert not form.is_valid()
    assert form.errors["family_name"] == ["Family name must be 35 characters or fewer"]
    assert "Family name must be 35 characters or fewer" in str(render(form).text)


def test_custom_error_messages_are_kept():
    class NameForm(NHSForm):
        family_name = forms.CharField(error_messages={"required": "Enter your family name"})

    form = NameForm({})
    assert form.errors["family_name"] == ["Enter your family name"]


class DateForm(NHSForm):
    start_date = NHSDateField(label="Start date in post")
    left_on = NHSDateField(label="Date left", required=False,
                           min_value=datetime.date(1948, 7, 5), max_value=datetime.date.today)


def date_errors(day, month, year, field="start_date", **other):
    data = {f"{field}_day": day, f"{field}_month": month, f"{field}_year": year, **other}
    if field != "start_date":
        data.update({"start_date_day": "1", "start_date_month": "1", "start_date_year": "2020"})
    form = DateForm(data)
    form.is_valid()
    return form.errors.get(field, [])


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("", "", "", "Enter start date in post"),
        ("", "3", "2024", "Start date in post must include a day"),
        ("12", "", "", "Start date in post must include a month and year"),
        ("12", "3", "", "Start date in post must include a year"),
        ("31", "2", "2024", "Start date in post must be a real date"),
        ("1", "13", "2024", "Start date in post must be a real date"),
        ("one", "3", "2024", "Start date in post must be a real date"),
        ("1", "3", "24", "Start date in post must include a year with 4 numbers"),
    ],
)
def test_date_field_messages_name_the_field(day, month, year, message):
    assert date_errors(day, month, year) == [message]


def test_date_field_accepts_month_names_and_spaces():
    form = DateForm({"start_date_day": " 5 ", "start_date_month": "Sept",
                     "start_date_year": "2023"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["start_date"] == datetime.date(2023, 9, 5)
    assert form.cleaned_data["left_on"] is None


def test_date_field_limits():
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)
    assert date_errors(str(tomorrow.day), str(tomorrow.month), str(tomorrow.year),
                       field="left_on") == ["Date left must be today or in the past"]
    assert date_errors("4", "7", "1948", field="left_on") == [
        "Date left must be on or after 5 July 1948"
    ]


def test_date_summary_link_goes_to_the_first_wrong_part():
    form = DateForm({"start_date_day": "12", "start_date_month": "",
                     "start_date_year": "2024"})
    form.is_valid()
    dom = render(form)
    link = dom.find("div", class_="nhsuk-error-summary").find("a")
    assert link.attrs["href"] == "#id_start_date_month"
    assert "nhsuk-input--error" in dom.by_id("id_start_date_month").classes
    assert "nhsuk-input--error" not in dom.by_id("id_start_date_day").classes


def test_date_field_shows_initial_value_split_into_parts():
    form = DateForm(initial={"start_date": datetime.date(2021, 10, 4)})
    dom = render(form)
    assert dom.by_id("id_start_date_day").attrs["value"] == "4"
    assert dom.by_id("id_start_date_month").attrs["value"] == "10"
    assert dom.by_id("id_start_date_year").attrs["value"] == "2021"
