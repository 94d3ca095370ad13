"""Forms of the learning log: an entry (a reflection or a learning review), sharing it, a
lesson for the library, and reporting a lesson."""

from __future__ import annotations

from django import forms

from talentbridge.core.forms import NHSDateField
from talentbridge.core.forms import TalentBridgeForm
from talentbridge.core.forms import choices_with_blank
from talentbridge.talent.frameworks import LcfDomain

from .models import EntryKind

DOMAINS = choices_with_blank([(str(v), label) for v, label in LcfDomain.choices],
                             "Not about one domain")


def _text(label: str, hint: str = "", rows: int = 4) -> forms.CharField:
    return forms.CharField(label=label, required=False, max_length=6000, help_text=hint,
                           widget=forms.Textarea(attrs={"rows": rows}))


class EntryForm(TalentBridgeForm):
    """A reflection: what happened, what I learnt, what I would do differently."""

    title = forms.CharField(label="Title (optional)", required=False, max_length=150,
                            help_text="A few words to find it again by; only you see it")
    happened_on = NHSDateField(label="When it happened", help_text="For example, 15 3 2026")
    what_happened = _text("What happened")
    what_i_learnt = _text("What I learnt")
    do_differently = _text("What I would do differently")
    lcf_domain = forms.ChoiceField(label="Leadership Competency Framework domain",
                                   choices=DOMAINS, required=False)
    tags = forms.CharField(label="Tags (optional)", required=False, max_length=300,
                           help_text="Words to group your entries by, separated by commas")

    def values(self) -> dict:
        return {**self.cleaned_data, "kind": EntryKind.REFLECTION}


class LearningReviewForm(EntryForm):
    """A learning review, for when something has gone wrong: the system and circumstances
    around the person as well as their own choices; it never asks who was to blame."""

    circumstances = _text("What was happening around you at the time",
                          "The workload, the staffing, the time of day, what else was going on")
    pressures = _text("What pressures were you under",
                      "Targets, deadlines, competing demands, expectations of others")
    information = _text("What information did you have, and what was missing",
                        "What you knew, what you could not have known, what arrived late")
    system_factors = _text("What did the way things are set up make easy or hard",
                           "Processes, systems, equipment, handovers, how teams work together")
    choices_made = _text("The choices you made, and why they made sense at the time")

    field_order = ["title", "happened_on", "what_happened", "circumstances", "pressures",
                   "information", "system_factors", "choices_made", "what_i_learnt",
                   "do_differently", "lcf_domain", "tags"]

    def values(self) -> dict:
        return {**self.cleaned_data, "kind": EntryKind.LEARNING_REVIEW}


class ShareForm(TalentBridgeForm):
    person = forms.ChoiceField(label="Who to share this entry with", widget=forms.RadioSelect)

    def __init__(self, *args, choices, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].choices = [(c.value, c.label) for c in choices]
        self.fields["person"].error_messages["required"] = "Choose who to share this entry with"


class LessonForm(TalentBridgeForm):
    title = forms.CharField(label="Title", max_length=150, required=False)
    text = _text("The lesson", "What happened and what others can learn from it, told so "
                 "that nobody can tell who, where or when", rows=8)
    lcf_domain = forms.ChoiceField(label="Leadership Competency Framework domain",
                                   choices=DOMAINS, required=False)
    tags = forms.CharField(label="Tags (optional)", required=False, max_length=300,
                           help_text="Words to find it by, separated by commas")


class LessonSearchForm(TalentBridgeForm):
    q = forms.CharField(label="Search the lessons", required=False, max_length=200)
    lcf_domain = forms.ChoiceField(label="Leadership Competency Framework domain",
                                   choices=choices_with_blank(DOMAINS[1:], "Any domain"),
                                   required=False)


class ReportForm(TalentBridgeForm):
    reason = forms.CharField(label="What in the lesson could identify someone",
                             max_length=2000, required=False,
                             widget=forms.Textarea(attrs={"rows": 3}))
