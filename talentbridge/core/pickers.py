"""Pickers: choosing one person, user or organisation out of thousands.

A :class:`PickerField` is a text box. Without JavaScript the user types part of a name (or
an ODS code) and submits the form; the field searches what the user may choose and, unless
the text names exactly one of them, the form comes back with "Choose one of these matches":
radios of the first :data:`LIMIT` matches, and a message to refine the search when there are
more (never a silent cap). With JavaScript, ``frontend/pickers.mjs`` turns the text box into
an accessible autocomplete that asks the field's JSON address as the user types and puts the
chosen one's id in the hidden ``<name>_id`` input.

What may be chosen is never decided here: the form gives the field a :class:`PickerSource`
built by the app that owns the records (``people.pickers``, ``organisations.pickers``,
``accounts.pickers``) over a queryset its services and policy allow, and the same source
answers the JSON address (:func:`picker_json`). The services still check the choice.
"""

from __future__ import annotations

from collections.abc import Callable
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.http import JsonResponse
from markupsafe import Markup

from talentbridge.core.forms import _common_params
from talentbridge.core.forms import _jinja_environment as jinja_environment
from talentbridge.core.forms import deep_merge
from talentbridge.core.forms import field_id

#: The most matches a picker shows or sends at once.
LIMIT = 20
#: The longest search text accepted.
QUERY_MAX = 100


@dataclass(frozen=True)
class Match:
    """One thing that may be chosen, as a picker shows it: a name and what tells it apart
    (job title and organisation, an ODS code). Never a protected characteristic."""

    id: str
    name: str
    detail: str = ""

    def as_json(self) -> dict[str, str]:
        return {"id": self.id, "name": self.name, "detail": self.detail}


@dataclass(frozen=True)
class Found:
    """The first matches of a search, and whether there are more than were kept."""

    matches: list[Match]
    more: bool
    objects: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class PickerSource:
    """What a picker may choose from.

    * ``search(text)``: the matches for the text, in the order to show them (an iterable or
      queryset; only the first ``LIMIT + 1`` are read);
    * ``lookup(id)``: the one with this id, or None if it may not be chosen;
    * ``describe(obj)``: its :class:`Match`;
    * ``exact_names(obj)``: the texts that name it exactly (a full name, an ODS code, a work
      email), so that a single match typed in full (any case or spacing) is taken without
      asking;
    * ``url``: the JSON address the autocomplete asks (``?q=``);
    * ``noun``: what is chosen, for messages ("person", "organisation", "user");
    * ``browse()``: everyone who may be chosen, in order, so that when they are few (no more
      than ``LIMIT``: a line manager's reports, a leader nominating themselves) the page lists
      them to choose from before anything is typed; None when they are always many.
    """

    search: Callable[[str], Iterable[Any]]
    lookup: Callable[[str], Any]
    describe: Callable[[Any], Match]
    url: str = ""
    noun: str = "person"
    exact_names: Callable[[Any], Iterable[str]] = lambda obj: ()
    browse: Callable[[], Iterable[Any]] | None = None

    def first(self, objects: Iterable[Any], limit: int = LIMIT) -> Found:
        """The first ``limit`` of ``objects``, described, and whether there are more."""
        objects = list(_first(objects, limit + 1))
        kept = objects[:limit]
        return Found([self.describe(o) for o in kept], len(objects) > limit, kept)

    def find(self, text: str, limit: int = LIMIT) -> Found:
        text = " ".join(text.split())[:QUERY_MAX]
        if not text:
            return Found([], False)
        return self.first(self.search(text), limit)


def _first(items: Iterable[Any], count: int) -> Iterable[Any]:
    if hasattr(items, "all"):  # a queryset: let the database stop early
        return items[:count]
    return list(items)[:count]


def search_words(text: str) -> list[str]:
    """The words of a search, for prefix matching ("z", "zara z")."""
    return [word for word in " ".join(text.split())[:QUERY_MAX].split(" ") if word]


# --------------------------------------------------------------------------------------
# The JSON answer the autocomplete asks for
# --------------------------------------------------------------------------------------


def picker_json(request: HttpRequest, source: PickerSource,
                on_answer: Callable[[Found], None] | None = None) -> JsonResponse:
    """``{"results": [{"id", "name", "detail"}], "more": bool}`` for ``?q=``; ``on_answer``
    (for example an audit record of the people named) is called with what was found."""
    found = source.find(request.GET.get("q", ""))
    if on_answer is not None and found.matches:
        on_answer(found)
    response = JsonResponse({"results": [m.as_json() for m in found.matches],
                             "more": found.more})
    response["Cache-Control"] = "private, no-store"
    return response


# --------------------------------------------------------------------------------------
# The form field
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Typed:
    """What a picker posted: the text typed and the id chosen (from the autocomplete or the
    radios of matches), either may be empty."""

    text: str = ""
    id: str = ""


class PickerWidget(forms.Widget):
    """The text input ``<name>`` and the chosen id ``<name>_id``."""

    def value_from_datadict(self, data, files, name) -> Typed:
        return Typed(text=str(data.get(name, "") or "").strip()[:QUERY_MAX],
                     id=str(data.get(f"{name}_id", "") or "").strip()[:QUERY_MAX])

    def value_omitted_from_data(self, data, files, name) -> bool:
        return name not in data and f"{name}_id" not in data


class PickerField(forms.Field):
    """Choose one thing from a :class:`PickerSource` by typing; ``clean`` gives the object.

    The form sets ``field.source`` (it depends on the user). Messages name the field and
    what was typed or sent.
    """

    widget = PickerWidget

    def __init__(self, *, source: PickerSource | None = None, **kwargs):
        self.source = source
        super().__init__(**kwargs)
        self.found: Found | None = None  # the matches to choose from, after a search
        self._everyone: Found | None = None  # source.browse(), read once

    def _label(self) -> str:
        text = str(self.label or "")
        return text[0].lower() + text[1:] if len(text) > 1 and text[1].islower() else text

    def prepare_value(self, value):
        return value

    def clean(self, value):
        if self.source is None:
            raise ValueError("PickerField needs a source before it can be used")
        typed = value if isinstance(value, Typed) else Typed(id=str(value or ""))
        if typed.id:
            return self._chosen(typed.id)
        if not typed.text:
            if self.required:
                raise ValidationError(f"Enter {self._label()}: type part of a name and "
                                      "choose from the matches", code="required")
            return None
        return self._searched(typed.text)

    def _chosen(self, chosen_id: str):
        obj = self.source.lookup(chosen_id) if chosen_id.isdigit() else None
        if obj is None:
            raise ValidationError(
                f'Choose {self._label()} from the list ("{chosen_id}" is not one of the '
                "options)", code="invalid_choice")
        return obj

    def _searched(self, text: str):
        found = self.source.find(text)
        if not found.matches:
            raise ValidationError(
                f'No {self.source.noun} you can choose for {self._label()} matches "{text}". '
                "Check the spelling, or type less of the name", code="no_match")
        # A full name or an ODS code that names exactly one match is taken without asking.
        typed = " ".join(text.split()).casefold()
        exact = [o for o in found.objects
                 if typed in {name.casefold() for name in self.source.exact_names(o)}]
        if len(exact) == 1:
            return exact[0]
        self.found = found
        raise ValidationError(
            f'Choose {self._label()} from the matches for "{text}"', code="choose")

    def listed(self, bound_field) -> tuple[Found | None, bool]:
        """What the page lists as radios, and whether it is everyone: the matches of the last
        search, or, with nothing typed or chosen, everyone who may be chosen if they are few."""
        if self.found:
            return self.found, False
        if self.source.browse is None or any(_shown(bound_field)):
            return None, False
        if self._everyone is None:
            self._everyone = self.source.first(self.source.browse())
        few = self._everyone.matches and not self._everyone.more
        return (self._everyone, True) if few else (None, False)

    def template_params(self, bound_field, **overrides) -> dict[str, Any]:
        return picker_params(bound_field, **overrides)

    def render_nhs(self, bound_field, environment, **overrides) -> Markup:
        """The picker's markup (``core.forms.render_field`` calls this)."""
        params = self.template_params(bound_field, **overrides)
        env = environment or jinja_environment()
        html = env.get_template("core/forms/picker.jinja").render(picker=params)
        return Markup(html)  # noqa: S704 - rendered by the autoescaping Jinja environment


@dataclass(frozen=True)
class Several:
    """What a picker of several posted: the ids kept (ticked) and the one being added."""

    ids: list[str]
    adding: Typed


class MultiPickerWidget(forms.Widget):
    """Checkboxes ``<name>`` of those chosen so far, and a picker ``<name>_add`` (with its
    ``<name>_add_id``) to add one more, with an "Add" button ``<name>_adding``."""

    def value_from_datadict(self, data, files, name) -> Several:
        ids = data.getlist(name) if hasattr(data, "getlist") else list(data.get(name) or [])
        return Several([str(i).strip() for i in ids if str(i).strip()],
                       PickerWidget().value_from_datadict(data, files, f"{name}_add"))

    def value_omitted_from_data(self, data, files, name) -> bool:
        return False  # like checkboxes: nothing ticked means none


class MultiPickerField(PickerField):
    """Choose several, one at a time: ``clean`` gives the list of objects (those kept and the
    one added). Without JavaScript the "Add" button shows the form again with the new one
    ticked (see :func:`adding`); any submit also adds what is in the box."""

    widget = MultiPickerWidget

    def __init__(self, *, add_label: str = "Add another", **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)
        self.add_label = add_label
        self.chosen: list[Any] | None = None  # after clean: those ticked, valid ones only
        self.added: Any = None  # after clean: the one just added

    def clean(self, value):
        if self.source is None:
            raise ValueError("MultiPickerField needs a source before it can be used")
        several = value if isinstance(value, Several) else Several(
            [str(getattr(v, "pk", v)) for v in value or []], Typed())
        self.chosen = []
        for chosen_id in dict.fromkeys(several.ids):
            self.chosen.append(self._chosen(chosen_id))
        adding = several.adding
        if adding.id or adding.text:
            self.added = self._chosen(adding.id) if adding.id else self._searched(adding.text)
            if self.added not in self.chosen:
                self.chosen.append(self.added)
        if self.required and not self.chosen:
            raise ValidationError(f"Add {self._label()}", code="required")
        return list(self.chosen)

    def listed(self, bound_field) -> tuple[Found | None, bool]:
        return self.found, False

    def template_params(self, bound_field, **overrides) -> dict[str, Any]:
        return multi_picker_params(bound_field, **overrides)


def listed(form, name: str) -> list[Any]:
    """The objects a picker's page lists (for the audit record of the people it names)."""
    found, _ = form.fields[name].listed(form[name])
    return found.objects if found else []


def adding(form) -> bool:
    """Whether the form was posted with a picker's "Add" button: then only that picker is
    checked (the other fields' errors are not shown yet) and the page saves nothing."""
    if not form.is_bound:
        return False
    names = [name for name, field in form.fields.items()
             if isinstance(field, MultiPickerField)
             and f"{form.add_prefix(name)}_adding" in form.data]
    if not names:
        return False
    form.is_valid()
    for other in [name for name in form.errors if name not in names]:
        del form.errors[other]
    return True


# --------------------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------------------

DEFAULT_HINT = "Type part of the name, then choose from the matches"


def _shown(bound_field) -> tuple[str, str]:
    """(text in the box, chosen id): what was typed, or the name of the one chosen."""
    field: PickerField = bound_field.field
    value = bound_field.value()
    if isinstance(value, Typed):
        chosen = field.source.lookup(value.id) if value.id.isdigit() else None
        if chosen is not None:
            return field.source.describe(chosen).name, value.id
        return value.text, ""
    if value is None or value == "":
        return "", ""
    if not hasattr(value, "pk"):
        value = field.source.lookup(str(value))
        if value is None:
            return "", ""
    return field.source.describe(value).name, str(value.pk)


def picker_params(bound_field, **overrides: Any) -> dict[str, Any]:
    """The parameters of ``core/forms/picker.jinja``: the NHS input, and the radios of the
    matches when the last search needs a choice."""
    field: PickerField = bound_field.field
    fid, name = field_id(bound_field), bound_field.html_name
    text, chosen = _shown(bound_field)
    params = _input_params(bound_field, fid, name, str(bound_field.label), text)
    found, everyone = field.listed(bound_field)
    matches = _matches_params(found, fid, name, text, field.source.noun)
    if matches and everyone:
        matches["fieldset"]["legend"]["text"] = "Or choose from this list"
        matches.pop("hint")
    return {"input": deep_merge(params, overrides), "id_name": f"{name}_id",
            "id_id": f"{fid}_id", "chosen": chosen, "matches": matches}


def _matches_hint(found: Found, noun: str) -> str:
    count = len(found.matches)
    if found.more:
        return (f"Only the first {count} matches are shown. If the {noun} you want is not "
                "here, type more of the name above to search again.")
    return (f"{count} {'match' if count == 1 else 'matches'}. Choose one, or change the name "
            "above to search again.")


def _input_params(bound_field, fid: str, name: str, label: str, text: str) -> dict[str, Any]:
    """The NHS input of a picker, with what the enhancement needs in data attributes."""
    source: PickerSource = bound_field.field.source
    params = _common_params(bound_field)
    params.setdefault("hint", {"text": DEFAULT_HINT})
    params.update({"id": fid, "name": name, "label": {"text": label}, "value": text,
                   "autocomplete": "off", "spellcheck": False})
    params.setdefault("attributes", {}).update({
        "data-picker-url": source.url, "data-picker-noun": source.noun,
        "data-picker-target": f"{fid}_id", "data-picker-name": f"{name}_id"})
    return params


def _matches_params(found: Found | None, fid: str, name: str, text: str,
                    noun: str) -> dict[str, Any] | None:
    """Radios of the matches of the last search, when it needs a choice."""
    if not found or not found.matches:
        return None
    return {
        "idPrefix": f"{fid}-match", "name": f"{name}_id",
        "fieldset": {"legend": {"text": f"Matches for \u201c{text}\u201d", "size": "s"}},
        "hint": {"text": _matches_hint(found, noun)},
        "items": [{"value": m.id, "text": m.name,
                   **({"hint": {"text": m.detail}} if m.detail else {})}
                  for m in found.matches],
    }


def multi_picker_params(bound_field, **overrides: Any) -> dict[str, Any]:
    """Those chosen so far as ticked checkboxes, then the picker to add one and its button."""
    field: MultiPickerField = bound_field.field
    fid, name = field_id(bound_field), bound_field.html_name
    value = bound_field.value()
    if isinstance(value, Several):
        chosen = field.chosen if field.chosen is not None else [
            o for o in (field.source.lookup(i) for i in value.ids) if o is not None]
        text = "" if field.added is not None else value.adding.text
    else:
        chosen, text = list(value or []), ""
    params = _input_params(bound_field, fid, f"{name}_add", field.add_label, text)
    params.pop("hint")
    described = [field.source.describe(o) for o in chosen]
    return {
        "multi": True, "legend": str(bound_field.label),
        "hint": str(field.help_text or ""),
        "input": deep_merge(params, overrides),
        "id_name": f"{name}_add_id", "id_id": f"{fid}_id", "chosen": "",
        "chosen_items": {
            "idPrefix": f"{fid}-chosen", "name": name,
            "items": [{"value": m.id, "text": m.name, "checked": True,
                       **({"hint": {"text": m.detail}} if m.detail else {})}
                      for m in described]},
        "add_button": {"text": field.add_label, "name": f"{name}_adding", "value": "1",
                       "classes": "nhsuk-button--secondary"},
        "matches": _matches_params(field.found if bound_field.form.is_bound else None, fid,
                                   f"{name}_add", text, field.source.noun),
    }
