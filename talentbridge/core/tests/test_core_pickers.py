"""Pickers (core/pickers.py) over a plain list: the markup the enhancement needs, the matches
to choose from without JavaScript (capped with a message, never silently), an exact name taken
at once, and adding to a picker of several without saving the rest of the form."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django import forms
from django.template import engines

from talentbridge.core.forms import NHSForm
from talentbridge.core.pickers import LIMIT
from talentbridge.core.pickers import Match
from talentbridge.core.pickers import MultiPickerField
from talentbridge.core.pickers import PickerField
from talentbridge.core.pickers import PickerSource
from talentbridge.core.pickers import adding
from talentbridge.core.tests.html import parse


@dataclass(frozen=True)
class Thing:
    pk: int
    name: str


THINGS = [Thing(i, f"Zeta {i:02d}") for i in range(1, 31)] + [Thing(99, "Alpha One")]


def _source() -> PickerSource:
    by_id = {str(t.pk): t for t in THINGS}
    return PickerSource(
        search=lambda text: [t for t in THINGS if t.name.lower().startswith(text.lower())],
        lookup=by_id.get, describe=lambda t: Match(str(t.pk), t.name, f"Thing {t.pk}"),
        url="/things/", noun="thing", exact_names=lambda t: (t.name,))


class ThingForm(NHSForm):
    thing = PickerField(label="Thing")
    others = MultiPickerField(label="Other things", add_label="Add a thing")
    note = forms.CharField(label="Note")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["thing"].source = _source()
        self.fields["others"].source = _source()


def render(form):
    return parse(engines["jinja2"].from_string(
        "{{ error_summary(form) }}{% for f in form %}{{ nhs_field(f) }}{% endfor %}"
    ).render({"form": form}))


def test_the_box_carries_what_the_enhancement_needs_and_works_as_a_plain_input():
    dom = render(ThingForm())
    box = dom.find("input", name="thing").attrs
    assert box["id"] == "id_thing" and dom.find("label", **{"for": "id_thing"}).text == "Thing"
    assert box["data-picker-url"] == "/things/" and box["data-picker-target"] == "id_thing_id"
    assert dom.find("input", name="thing_id", type="hidden").attrs["value"] == ""
    assert dom.find("button", name="others_adding").text == "Add a thing"


def test_many_matches_are_capped_with_a_message_to_type_more():
    form = ThingForm({"thing": "zeta", "note": "n"})
    assert not form.is_valid()
    assert form.errors["thing"] == ['Choose thing from the matches for "zeta"']
    dom = render(form)
    radios = dom.find_all("input", name="thing_id", type="radio")
    assert len(radios) == LIMIT
    assert "Only the first 20 matches are shown" in dom.text and "type more" in dom.text


@pytest.mark.parametrize(("data", "expected"), [
    ({"thing": "alpha one"}, THINGS[-1]),          # an exact name: no second step
    ({"thing": "zeta", "thing_id": "3"}, THINGS[2]),  # a radio (or a suggestion) chosen
])
def test_a_choice_gives_the_object(data, expected):
    form = ThingForm({**data, "note": "n"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["thing"] == expected


def test_adding_checks_only_the_picker_and_shows_the_new_one_ticked():
    form = ThingForm({"others": ["1"], "others_add": "alpha one", "others_adding": "1"})
    assert adding(form)
    assert not form.errors  # "thing" and "note" are not asked for yet
    assert form.cleaned_data["others"] == [THINGS[0], THINGS[-1]]
    boxes = render(form).find_all("input", name="others", type="checkbox")
    assert [box.attrs["value"] for box in boxes if "checked" in box.attrs] == ["1", "99"]
    assert not adding(ThingForm({"others": ["1"], "note": "n"}))
