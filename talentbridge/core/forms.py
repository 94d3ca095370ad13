"""NHS design system form rendering for Django forms.

Templates render a field with the ``nhs_field`` Jinja global::

    {{ error_summary(form) }}
    <form method="post" novalidate>
      {{ csrf_input }}
      {{ nhs_field(form.first_name) }}
      {{ nhs_field(form.start_date, hint="For example, 27 3 2024") }}
      {{ nhs_field(form.role, fieldset={"legend": {"size": "m"}}) }}
      {{ button({"text": "Save"}) }}
    </form>

``nhs_field`` picks the NHS.UK frontend macro from the widget (input, textarea,
select, radios, checkboxes, date input) and fills in label, hint, value, error
message and ids. Keyword arguments are merged (recursively for dictionaries) into
the macro's parameters, so anything the macro supports can be overridden.

``error_summary(form)`` renders the NHS error summary with a link to each field.

Forms that inherit :class:`NHSFormMixin` (or :class:`NHSForm`/:class:`NHSModelForm`)
also get error messages that name the field ("First name must be 100 characters
or fewer"), and ``form.field.as_field_group()`` renders the same as ``nhs_field``.

Everything works without JavaScript: no behaviour here depends on scripts.
"""

from __future__ import annotations

import calendar
import copy
import datetime
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Mapping
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.forms.utils import pretty_name
from django.template import engines
from django.template.backends.jinja2 import Jinja2
from django.utils.safestring import SafeData
from markupsafe import Markup

DATE_PARTS = ("day", "month", "year")

_MONTHS: dict[str, int] = {}
for _number in range(1, 13):
    _MONTHS[calendar.month_name[_number].lower()] = _number
    _MONTHS[calendar.month_abbr[_number].lower()] = _number
_MONTHS["sept"] = 9


def nhs_date(value: datetime.date | None) -> str:
    """NHS style date: ``26 November 2026`` (no leading zero, month in full)."""
    if value is None:
        return ""
    return f"{value.day} {calendar.month_name[value.month]} {value.year}"


def _lower_first(label: str) -> str:
    """"Start date in post" -> "start date in post", but keep "NHS number" and "I"."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def _join_parts(parts: list[str]) -> str:
    if len(parts) == 1:
        return parts[0]
    return ", ".join(parts[:-1]) + " and " + parts[-1]


# --------------------------------------------------------------------------------------
# Date input
# --------------------------------------------------------------------------------------


class NHSDateWidget(forms.MultiWidget):
    """Three text inputs (day, month, year) named ``<name>_day`` etc.

    Rendered with the NHS date input macro by ``nhs_field``; the value the widget
    gives the field is the list of the three raw strings, so whatever the user
    typed is shown back to them on error.
    """

    def __init__(self, attrs=None):
        widgets = {
            "day": forms.TextInput(attrs={"inputmode": "numeric"}),
            "month": forms.TextInput(attrs={"inputmode": "numeric"}),
            "year": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if isinstance(value, datetime.date):
            return [str(value.day), str(value.month), str(value.year)]
        if isinstance(value, (list, tuple)):
            return list(value)
        return [None, None, None]

    def value_from_datadict(self, data, files, name):
        return [
            widget.value_from_datadict(data, files, name + suffix)
            for widget, suffix in zip(self.widgets, self.widgets_names, strict=True)
        ]

    def value_omitted_from_data(self, data, files, name):
        return all(
            widget.value_omitted_from_data(data, files, name + suffix)
            for widget, suffix in zip(self.widgets, self.widgets_names, strict=True)
        )


DateBound = datetime.date | Callable[[], datetime.date] | None


class NHSDateField(forms.Field):
    """A date entered as day, month and year, validated with messages that name the field.

    Messages (``{label}`` is the field label, ``{label_lc}`` the same with a lower-case
    first letter); override any of them with ``error_messages``:

    * ``required``: "Enter start date in post"
    * ``incomplete``: "Start date in post must include a month" (or "a day and year")
    * ``invalid``: "Start date in post must be a real date"
    * ``year_digits``: "Start date in post must include a year with 4 numbers"
    * ``max_value`` / ``min_value``: "Start date in post must be on or before 26 November
      2026"; with ``max_value=datetime.date.today`` (a callable, evaluated when
      validating): "Start date in post must be today or in the past"
    """

    widget = NHSDateWidget
    default_error_messages = {
        "required": "Enter {label_lc}",
        "incomplete": "{label} must include a {parts}",
        "invalid": "{label} must be a real date",
        "year_digits": "{label} must include a year with 4 numbers",
        "max_value": "{label} must be on or before {limit}",
        "max_value_today": "{label} must be today or in the past",
        "min_value": "{label} must be on or after {limit}",
        "min_value_today": "{label} must be today or in the future",
    }

    def __init__(self, *, min_value: DateBound = None, max_value: DateBound = None, **kwargs):
        self.min_value = min_value
        self.max_value = max_value
        super().__init__(**kwargs)

    # The label may be filled in after __init__ (NHSFormMixin does it from the field
    # name), so messages are formatted when raised.
    def _error(self, code: str, parts: Iterable[str] = (), **extra: str) -> ValidationError:
        label = str(self.label or "Date")
        parts = list(parts)
        message = self.error_messages[code].format(
            label=label, label_lc=_lower_first(label), parts=_join_parts(parts) if parts else "",
            **extra,
        )
        # ValidationError %-formats messages that have params; keep any "%" literal.
        return ValidationError(
            message.replace("%", "%%"), code=code, params={"parts": parts or list(DATE_PARTS)}
        )

    def prepare_value(self, value):
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if not isinstance(value, (list, tuple)) or len(value) != 3:
            raise self._error("invalid")
        raw = {
            part: ("" if v is None else str(v).strip())
            for part, v in zip(DATE_PARTS, value, strict=True)
        }
        if not any(raw.values()):
            return None
        missing_parts = [part for part in DATE_PARTS if not raw[part]]
        if missing_parts:
            raise self._error("incomplete", missing_parts)

        bad = []
        day = int(raw["day"]) if raw["day"].isdigit() else None
        if day is None:
            bad.append("day")
        month_text = raw["month"].lower().rstrip(".")
        month = int(month_text) if month_text.isdigit() else _MONTHS.get(month_text)
        if month is None:
            bad.append("month")
        year = int(raw["year"]) if raw["year"].isdigit() else None
        if year is None:
            bad.append("year")
        if bad:
            raise self._error("invalid", bad)
        if len(raw["year"]) != 4:
            raise self._error("year_digits", ["year"])
        if not 1 <= month <= 12:
            raise self._error("invalid", ["month"])
        try:
            return datetime.date(year, month, day)
        except ValueError:
            raise self._error("invalid", ["day"]) from None

    def validate(self, value):
        if value is None:
            if self.required:
                raise self._error("required")
            return
        for bound, code, outside in (
            (self.max_value, "max_value", lambda limit: value > limit),
            (self.min_value, "min_value", lambda limit: value < limit),
        ):
            if bound is None:
                continue
            is_today = bound == datetime.date.today
            limit = bound() if callable(bound) else bound
            if outside(limit):
                if is_today:
                    raise self._error(f"{code}_today")
                raise self._error(code, limit=nhs_date(limit))

    def has_changed(self, initial, data):
        try:
            data = self.to_python(data)
        except ValidationError:
            return True
        return self.to_python(initial) != data


# --------------------------------------------------------------------------------------
# Field-naming error messages
# --------------------------------------------------------------------------------------


def _default_message(field: forms.Field, code: str) -> str | None:
    default = None
    for klass in reversed(type(field).__mro__):
        messages = klass.__dict__.get("default_error_messages") or {}
        if code in messages:
            default = messages[code]
    return default


def _is_choice_widget(widget: forms.Widget) -> bool:
    return isinstance(widget, (forms.Select, forms.RadioSelect, forms.CheckboxSelectMultiple))


def nhs_error_messages(field: forms.Field) -> dict[str, str]:
    """NHS style messages naming the field, for error codes the field still has at
    Django's defaults ("This field is required.")."""
    label = str(field.label)
    if "%" in label:  # would clash with %-formatted messages; leave Django's wording
        return {}
    lc = _lower_first(label)
    widget = field.widget
    if isinstance(field, forms.BooleanField) or isinstance(widget, forms.CheckboxInput):
        required = f"Select \u201c{label}\u201d to continue"
    elif isinstance(field, forms.ChoiceField) or _is_choice_widget(widget):
        required = f"Select {lc}"
    else:
        required = f"Enter {lc}"
    wanted = {
        "required": required,
        "max_length": f"{label} must be %(limit_value)d characters or fewer",
        "min_length": f"{label} must be %(limit_value)d characters or more",
        "max_value": f"{label} must be %(limit_value)s or less",
        "min_value": f"{label} must be %(limit_value)s or more",
        "invalid_choice": f"Select a valid option for {lc}",
    }
    if isinstance(field, forms.EmailField):
        wanted["invalid"] = f"{label} must be in the correct format, like name@example.nhs.uk"
    elif isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        wanted["invalid"] = f"{label} must be a number"
    elif isinstance(field, forms.URLField):
        wanted["invalid"] = f"{label} must be a web address, like https://www.nhs.uk"
    out = {}
    for code, message in wanted.items():
        # Length messages come from validators, so they are not in field.error_messages
        # until set; anything a developer customised is left alone.
        current = field.error_messages.get(code)
        if current is None or current == _default_message(field, code):
            out[code] = message
    return out


class NHSBoundField(BoundField):
    """``as_field_group()`` renders the NHS design system markup (same as ``nhs_field``)."""

    def as_field_group(self):
        return render_field(self)


class NHSFormMixin:
    """Mix into a Form or ModelForm: labels default from field names, error messages
    name the field, and bound fields render NHS markup with ``as_field_group()``."""

    bound_field_class = NHSBoundField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.label is None:
                field.label = pretty_name(name)
            if isinstance(field, NHSDateField):
                continue
            field.error_messages.update(nhs_error_messages(field))


class NHSForm(NHSFormMixin, forms.Form):
    pass


class NHSModelForm(NHSFormMixin, forms.ModelForm):
    pass


# --------------------------------------------------------------------------------------
# Rendering: Django bound field -> NHS.UK frontend macro parameters
# --------------------------------------------------------------------------------------

_PASSTHROUGH_EXCLUDED = {
    "class", "id", "name", "type", "value", "required", "maxlength", "minlength",
    "inputmode", "autocomplete", "spellcheck", "autocapitalize", "pattern", "placeholder",
    "rows", "cols", "disabled",
}


def _text(value: Any) -> dict[str, str]:
    """Macro text/html parameter: SafeData (e.g. mark_safe help text) stays HTML."""
    if isinstance(value, SafeData):
        return {"html": str(value)}
    return {"text": str(value)}


def _attributes(widget: forms.Widget) -> dict[str, Any]:
    attributes = {}
    for key, value in widget.attrs.items():
        if key in _PASSTHROUGH_EXCLUDED or value is None or value is False:
            continue
        attributes[key] = {"value": True, "optional": True} if value is True else str(value)
    return attributes


def _flat_choices(choices: Iterable) -> list[tuple[str, str]]:
    out = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):
            out.extend(_flat_choices(label))
        else:
            out.append(("" if value is None else str(value), str(label)))
    return out


def _selected_values(bound_field: BoundField) -> list[str]:
    value = bound_field.value()
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return ["" if v is None else str(v) for v in value]
    return [str(value)]


def date_error_parts(bound_field: BoundField) -> list[str]:
    """Which of day/month/year the field's errors are about (for highlighting and
    for the error summary link)."""
    form = bound_field.form
    errors = form.errors.as_data().get(bound_field.name, []) if form.is_bound else []
    parts: list[str] = []
    for error in errors:
        for part in (getattr(error, "params", None) or {}).get("parts", DATE_PARTS):
            if part not in parts:
                parts.append(part)
    return [part for part in DATE_PARTS if part in parts]


def field_id(bound_field: BoundField) -> str:
    return bound_field.auto_id or bound_field.html_name


def error_anchor(bound_field: BoundField) -> str:
    """The element id the error summary links to: the input itself, the first radio
    or checkbox, or the first wrong part of a date."""
    if isinstance(bound_field.field.widget, NHSDateWidget):
        parts = date_error_parts(bound_field) or ["day"]
        return f"{field_id(bound_field)}_{parts[0]}"
    return field_id(bound_field)


def deep_merge(base: dict, overrides: Mapping) -> dict:
    result = copy.copy(base)
    for key, value in overrides.items():
        if isinstance(value, Mapping) and isinstance(result.get(key), Mapping):
            result[key] = deep_merge(dict(result[key]), value)
        else:
            result[key] = value
    return result


def field_params(bound_field: BoundField, **overrides: Any) -> tuple[str, dict[str, Any]]:
    """(component name, macro params) for a bound field."""
    widget = bound_field.field.widget
    params = _common_params(bound_field)
    fid, label = field_id(bound_field), str(bound_field.label)
    if isinstance(widget, NHSDateWidget):
        component = _date_params(bound_field, params, fid, label)
    elif isinstance(widget, forms.CheckboxSelectMultiple):  # before RadioSelect: a subclass
        component = _choice_params("checkboxes", bound_field, params, fid, label)
    elif isinstance(widget, forms.RadioSelect):
        component = _choice_params("radios", bound_field, params, fid, label)
    elif isinstance(widget, forms.CheckboxInput):
        component = _checkbox_params(bound_field, params, fid, label)
    elif isinstance(widget, forms.Select):  # includes SelectMultiple
        component = _select_params(bound_field, params, fid, label)
    elif isinstance(widget, forms.Textarea):
        component = _textarea_params(bound_field, params, fid, label)
    else:
        component = _input_params(bound_field, params, fid, label)
    if component in ("input", "textarea"):
        _add_text_attributes(widget, params)
    return component, deep_merge(params, overrides)


def _common_params(bound_field: BoundField) -> dict[str, Any]:
    """The params every component shares: name, hint, error, disabled, classes, attributes."""
    field = bound_field.field
    widget = field.widget
    params: dict[str, Any] = {"name": bound_field.html_name}
    if field.help_text:
        params["hint"] = _text(field.help_text)
    if bound_field.errors:
        params["errorMessage"] = {"text": " ".join(str(e) for e in bound_field.errors)}
    if field.disabled:
        params["disabled"] = True
    if widget.attrs.get("class"):
        params["classes"] = widget.attrs["class"]
    attributes = _attributes(widget)
    if attributes:
        params["attributes"] = attributes
    return params


def _date_params(bound_field: BoundField, params: dict, fid: str, label: str) -> str:
    """A date as three inputs (day, month, year), the wrong parts flagged."""
    value = bound_field.value()
    day, month, year = (bound_field.field.widget.decompress(value) if value is not None
                        else [None] * 3)
    error_parts = date_error_parts(bound_field) if bound_field.errors else []
    # If every part is wrong, the macro highlights all three by itself.
    flag_parts = error_parts if len(error_parts) < 3 else []
    params.pop("name")
    params.pop("attributes", None)
    params.update({
        "id": fid,
        "fieldset": {"legend": {"text": label}},
        "items": [
            {
                "id": f"{fid}_{part}",
                "name": f"{bound_field.html_name}_{part}",
                "label": part.capitalize(),
                "value": "" if raw is None else str(raw),
                "width": 4 if part == "year" else 2,
                "inputmode": "numeric",
                **({"error": True} if part in flag_parts else {}),
            }
            for part, raw in zip(DATE_PARTS, (day, month, year), strict=True)
        ],
    })
    return "dateInput"


def _choice_params(component: str, bound_field: BoundField, params: dict, fid: str,
                   label: str) -> str:
    """Checkboxes or radios in a fieldset, one item per choice, the selected ones checked."""
    selected = _selected_values(bound_field)
    params.update({
        "idPrefix": fid,
        "fieldset": {"legend": {"text": label}},
        "items": [
            {"value": value, "text": text, "checked": value in selected}
            for value, text in _flat_choices(bound_field.field.widget.choices) if value != ""
        ],
    })
    return component


def _checkbox_params(bound_field: BoundField, params: dict, fid: str, label: str) -> str:
    """A single yes/no checkbox labelled with the field's label."""
    checked = bool(bound_field.field.widget.check_test(bound_field.value()))
    params.update({
        "idPrefix": fid,
        "items": [{"value": "true", "text": label, "checked": checked}],
    })
    return "checkboxes"


def _select_params(bound_field: BoundField, params: dict, fid: str, label: str) -> str:
    """A select (or multiple select) with one item per choice."""
    widget = bound_field.field.widget
    selected = _selected_values(bound_field)
    params.update({
        "id": fid,
        "label": {"text": label},
        "items": [
            {"value": value, "text": text, "selected": value in selected}
            for value, text in _flat_choices(widget.choices)
        ],
    })
    if isinstance(widget, forms.SelectMultiple):
        params.setdefault("attributes", {})["multiple"] = {"value": True, "optional": True}
    return "select"


def _textarea_params(bound_field: BoundField, params: dict, fid: str, label: str) -> str:
    """A textarea with its value and, if set, its number of rows."""
    widget = bound_field.field.widget
    value = widget.format_value(bound_field.value())
    params.update({
        "id": fid,
        "label": {"text": label},
        "value": value or "",
    })
    if widget.attrs.get("rows"):
        params["rows"] = widget.attrs["rows"]
    return "textarea"


def _input_params(bound_field: BoundField, params: dict, fid: str, label: str) -> str:
    """A text-like input of the widget's type; a password's value is never sent back."""
    widget = bound_field.field.widget
    input_type = getattr(widget, "input_type", "text") or "text"
    value = widget.format_value(bound_field.value()) if input_type != "password" else None
    params.update({"id": fid, "label": {"text": label}, "type": input_type})
    if value not in (None, "") and input_type != "file":
        params["value"] = str(value)
    if input_type == "email":
        params.setdefault("spellcheck", False)
        params.setdefault("autocomplete", "email")
    return "input"


def _add_text_attributes(widget, params: dict) -> None:
    """Copy the widget's typing hints (autocomplete, spellcheck, ...) onto an input or textarea."""
    for key in ("autocomplete", "autocapitalize", "pattern", "placeholder", "inputmode"):
        if widget.attrs.get(key):
            params[key] = widget.attrs[key]
    if "spellcheck" in widget.attrs:
        params["spellcheck"] = widget.attrs["spellcheck"] in (True, "true")


def error_list(form: forms.BaseForm) -> list[dict[str, str]]:
    """Error summary items: non-field errors (no link), then each field's errors
    linking to the field, in the order the fields appear on the form."""
    if not form.is_bound or not form.errors:
        return []
    items: list[dict[str, str]] = [{"text": str(e)} for e in form.non_field_errors()]
    for bound_field in form:
        if bound_field.is_hidden:
            items.extend({"text": f"{bound_field.label}: {e}"} for e in bound_field.errors)
            continue
        anchor = error_anchor(bound_field)
        items.extend({"text": str(e), "href": f"#{anchor}"} for e in bound_field.errors)
    return items


def _jinja_environment():
    for engine in engines.all():
        if isinstance(engine, Jinja2):
            return engine.env
    raise LookupError("No Jinja2 template engine is configured")


def render_field(bound_field: BoundField, environment=None, **overrides: Any):
    """Render one bound field as NHS design system markup (returns Markup)."""

    if bound_field.is_hidden:
        return Markup(str(bound_field))  # noqa: S704 - Django's own escaped widget HTML
    if hasattr(bound_field.field, "render_nhs"):  # a field with markup of its own (pickers)
        return bound_field.field.render_nhs(bound_field, environment, **overrides)
    env = environment or _jinja_environment()
    component, params = field_params(bound_field, **overrides)
    html = env.get_template("core/forms/field.jinja").render(component=component, params=params)
    return Markup(html)  # noqa: S704 - rendered by the autoescaping Jinja environment


def render_error_summary(form: forms.BaseForm, environment=None, **overrides: Any):
    """Render the NHS error summary for a form; empty when there are no errors."""

    items = error_list(form)
    if not items:
        return Markup("")
    env = environment or _jinja_environment()
    params = deep_merge({"heading": "There is a problem", "errorList": items}, overrides)
    html = env.get_template("core/forms/error_summary.jinja").render(params=params)
    return Markup(html)  # noqa: S704 - rendered by the autoescaping Jinja environment


# --------------------------------------------------------------------------------------
# The base form every app uses
# --------------------------------------------------------------------------------------


def lower_first(text: str) -> str:
    return text[0].lower() + text[1:] if len(text) > 1 and not text[1].isupper() else text


class TalentBridgeForm(NHSForm):
    """An NHS form whose messages for an unknown choice name the value that was sent."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if isinstance(field, forms.ChoiceField):
                label = lower_first(str(field.label))
                field.error_messages["invalid_choice"] = (
                    "Choose " + label + ' from the list ("%(value)s" is not one of the options)'
                )


class PerRecordForm(TalentBridgeForm):
    """A form with one field per record (a criterion to score, a commitment to answer), named
    ``<field_prefix>_<pk>``; `by_record` gives the cleaned values keyed by the records' pks."""

    field_prefix = "record"

    def add_record_field(self, record, field: forms.Field, *, required: str,
                         invalid_choice: str) -> None:
        field.error_messages["required"] = required
        field.error_messages["invalid_choice"] = invalid_choice
        self.fields[f"{self.field_prefix}_{record.pk}"] = field

    def by_record(self) -> dict[int, Any]:
        return {int(name.removeprefix(f"{self.field_prefix}_")): value
                for name, value in self.cleaned_data.items()}


def choices_with_blank(choices, blank: str) -> list[tuple[str, str]]:
    return [("", blank), *choices]


def add_service_errors(form, error: ValidationError,
                       fields: Mapping[str, str] | None = None) -> None:
    """Put a service's ValidationError on a form: each message on the field it names (renamed
    through ``fields`` where the service's name differs), the rest on the whole form."""
    fields = fields or {}
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for name, messages in error.message_dict.items():
        target = fields.get(name, name)
        for message in messages:
            form.add_error(target if target in form.fields else None, message)
