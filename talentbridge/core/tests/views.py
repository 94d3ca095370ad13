from pathlib import Path

from django.http import HttpResponse
from django.template import engines

from talentbridge.core.tests.forms import SampleForm

TEMPLATES = Path(__file__).parent / "templates"


def render_test_template(request, name, context):
    """Test templates live outside the app's jinja2/ folder so they never ship."""
    template = engines["jinja2"].from_string((TEMPLATES / name).read_text())
    return HttpResponse(template.render(context, request))


def sample_form(request):
    form = SampleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return render_test_template(request, "done.jinja", {"data": form.cleaned_data})
    return render_test_template(request, "form.jinja", {"form": form})


def boom(request):
    raise RuntimeError("test error")
