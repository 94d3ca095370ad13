"""Setting-up pages: a programme manager creates a programme, adds a cohort and chooses its
panel; a talent lead or line manager nominates someone to an open cohort. Thin views over
`programmes.setup` and `programmes.services`, which ask the policy and audit."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.decorators.http import require_http_methods

from talentbridge.accounts.pickers import user_source
from talentbridge.audit.services import record_read
from talentbridge.core.pickers import adding
from talentbridge.core.pickers import listed
from talentbridge.core.pickers import picker_json
from talentbridge.core.views import form_status
from talentbridge.core.views import only_for
from talentbridge.core.views import refuse_unless
from talentbridge.core.views import save_form
from talentbridge.people.picker_views import people_for_record
from talentbridge.people.pickers import person_source

from . import policy
from . import services
from . import setup
from .forms import CohortForm
from .forms import NominateForm
from .forms import PanelForm
from .forms import ProgrammeForm
from .models import Cohort
from .views import managed_cohort


def _panel_users():
    return user_source(url=reverse("programmes:panel-users"))


@login_required
@require_http_methods(["GET", "POST"])
@only_for(setup.scope_choices, "Only programme managers create programmes.")
def programme_create(request: HttpRequest) -> HttpResponse:
    form = ProgrammeForm(request.POST if request.method == "POST" else None,
                         scopes=setup.scope_choices(request.user))
    if saved := save_form(request, form, lambda _: setup.create_programme(
            request.user, **form.service_values(), request=request),
            lambda p: f"{p.name} has been created. Now add its first cohort."):
        return redirect("programmes:cohort-create", saved.value.pk)
    return render(request, "programmes/programme_form.jinja", {"form": form},
                  status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def cohort_create(request: HttpRequest, pk: int) -> HttpResponse:
    programme = services.get_programme(request.user, pk)
    form = CohortForm(request.POST if request.method == "POST" else None, users=_panel_users())
    if not adding(form) and (saved := save_form(request, form, lambda data: setup.add_cohort(
            request.user, programme, **data, request=request),
            lambda c: f"{c.name} has been added")):
        return redirect("programmes:cohort", saved.value.pk)
    return render(request, "programmes/cohort_form.jinja", {"programme": programme,
                                                             "form": form},
                  status=form_status(form))


@login_required
@require_http_methods(["GET", "POST"])
def panel(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = managed_cohort(request, pk, "Only the programme's managers choose the panel.")
    form = PanelForm(request.POST if request.method == "POST" else None, users=_panel_users(),
                     initial={"panel": list(cohort.panel.all())})
    if not adding(form) and save_form(request, form, lambda data: setup.set_panel(
            request.user, cohort, data["panel"], request=request),
            f"The panel of {cohort.name} has been saved"):
        return redirect("programmes:cohort", cohort.pk)
    return render(request, "programmes/panel_form.jinja", {"cohort": cohort, "form": form},
                  status=form_status(form))


@login_required
@require_GET
@only_for(policy.is_programme_manager, "Only programme managers choose panels.")
def panel_users(request: HttpRequest) -> HttpResponse:
    """The panel picker's suggestions, for programme managers."""
    return picker_json(request, user_source())


def _open_cohort(request: HttpRequest, pk: int) -> Cohort:
    cohort = Cohort.objects.select_related("programme").filter(pk=pk).first()
    refuse_unless(cohort is not None and setup.nominable_people(request.user, cohort).exists(),
                  "You may not nominate anyone to this cohort.")
    return cohort


def _nominable(request: HttpRequest, cohort: Cohort):
    return person_source(setup.nominable_people(request.user, cohort),
                         url=reverse("programmes:nominate-people", args=[cohort.pk]))


@login_required
@require_http_methods(["GET", "POST"])
def nominate(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = _open_cohort(request, pk)
    form = NominateForm(request.POST if request.method == "POST" else None,
                        people=_nominable(request, cohort))
    if save_form(request, form, lambda data: services.nominate(
            request.user, cohort, person_id=data["person"].pk, statement=data["statement"],
            request=request),
            lambda a: f"{a.person.full_name} has been nominated for {cohort}"):
        return redirect("programmes:mine")
    if shown := listed(form, "person"):
        record_read(actor=request.user, request=request, target=cohort, people=shown,
                    what="people who may be nominated")
    return render(request, "programmes/nominate.jinja", {"cohort": cohort, "form": form},
                  status=form_status(form))


#: The nomination picker's suggestions: people this user may nominate to the cohort.
nominate_people = people_for_record(_open_cohort, _nominable, "people who may be nominated")
