"""The base layout, generic pages and error pages."""

import re
from types import SimpleNamespace

import pytest
from django.contrib.messages import constants as levels
from django.contrib.messages.storage.fallback import FallbackStorage
from django.middleware.csp import ContentSecurityPolicyMiddleware
from django.template.loader import render_to_string
from django.test import RequestFactory

from talentbridge.core import views
from talentbridge.core.tests.html import parse

pytestmark = [pytest.mark.django_db, pytest.mark.urls("talentbridge.core.tests.urls")]


def header_nonce(response) -> str:
    policy = response.headers["Content-Security-Policy"]
    match = re.search(r"'nonce-([^']+)'", policy)
    assert match, policy
    return match.group(1)


def assert_csp_safe(html: str, nonce: str) -> None:
    dom = parse(html)
    # No inline styles at all: style-src is 'self' only.
    assert not [e for e in dom.iter() if "style" in e.attrs], "inline style attribute"
    assert dom.find("style") is None, "inline <style> element"
    # Every script is either external or carries the nonce from the header.
    scripts = dom.find_all("script")
    assert scripts
    for script in scripts:
        assert script.attrs.get("nonce") == nonce, script.attrs
        if not script.attrs.get("src"):
            assert "js-enabled" in script.text
    # No event handler attributes (onclick=...) which no nonce can allow.
    assert not [e for e in dom.iter() if any(a.startswith("on") for a in e.attrs)]


def test_home_page_layout_is_nhs_styled_and_csp_safe(client):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    nonce = header_nonce(response)
    assert_csp_safe(html, nonce)
    dom = parse(html)
    assert dom.find("html").attrs["lang"] == "en-GB"
    assert dom.find("title").text == "Find and develop NHS leaders – TalentBridge – NHS"
    header = dom.find("header", class_="nhsuk-header")
    assert header.find("a", class_="nhsuk-header__service-logo").attrs["href"] == "/"
    assert "TalentBridge" in header.text
    inline = [s for s in dom.find_all("script") if not s.attrs.get("src")]
    assert len(inline) == 1 and inline[0].attrs["nonce"] == nonce
    stylesheets = [link.attrs["href"] for link in dom.find_all("link", rel="stylesheet")]
    assert stylesheets == ["/static/talentbridge/build/main.css"]
    module = dom.find("script", type="module")
    assert module.attrs["src"] == "/static/talentbridge/build/talentbridge.mjs"
    footer = dom.find("footer")
    assert ("Contains public sector information licensed under the Open Government "
            "Licence v3.0.") in footer.text
    assert footer.find("a", href="/accessibility/").text == "Accessibility statement"
    # Signed out: no navigation and no sign out button.
    assert dom.find("nav") is None
    assert "Sign out" not in html


def test_no_remote_resources_are_loaded(client):
    dom = parse(client.get("/").content.decode())
    for element in dom.iter():
        for attribute in ("src", "href"):
            value = element.attrs.get(attribute) or ""
            if element.tag == "a":
                continue  # ordinary links may point anywhere
            assert not value.startswith(("http:", "https:", "//")), (element.tag, value)


def signed_in_request(path="/people/"):
    request = RequestFactory().get(path)
    request.user = SimpleNamespace(
        is_authenticated=True, get_full_name=lambda: "Ada Lovelace", get_username=lambda: "ada"
    )
    request.session = {}
    ContentSecurityPolicyMiddleware(lambda r: None).process_request(request)
    request._messages = FallbackStorage(request)
    return request


def test_signed_in_header_has_navigation_and_a_post_sign_out_form_with_csrf():
    request = signed_in_request("/people/")
    request._messages.add(levels.SUCCESS, "Profile saved")
    html = render_to_string("core/accessibility.jinja", request=request)
    dom = parse(html)
    nav = dom.find("nav", class_="nhsuk-header__navigation")
    links = {a.text: a.attrs["href"] for a in nav.find_all("a")}
    # A user with no roles: no insights, audit or token links.
    assert links == {
        "My profile": "/people/me/",
        "People": "/people/",
        "Talent": "/talent/",
        "Opportunities": "/opportunities/",
        "Organisations": "/organisations/",
        "Notifications": "/notifications/",
    }
    assert nav.find("a", href="/people/").attrs.get("aria-current") == "page"
    account = dom.find("nav", class_="nhsuk-header__account")
    assert "Ada Lovelace" in account.text
    form = account.find("form")
    assert form.attrs["method"] == "post"
    assert form.find("input", type="hidden", name="csrfmiddlewaretoken") is not None
    assert form.find("button").text == "Sign out"
    # Flash messages use the notification banner.
    banner = dom.find("div", class_="nhsuk-notification-banner")
    assert "nhsuk-notification-banner--success" in banner.classes
    assert "Profile saved" in banner.text
    nonce = str(request._csp_nonce)
    assert_csp_safe(html, nonce)


def test_form_page_end_to_end_without_javascript(client):
    response = client.post("/sample-form/", {"first_name": "x" * 11})
    assert response.status_code == 200
    html = response.content.decode()
    dom = parse(html)
    assert dom.find("title").text.startswith("Error: Your details – TalentBridge – NHS")
    summary = dom.find("div", class_="nhsuk-error-summary")
    assert summary.find("a", href="#id_first_name").text == (
        "First name must be 10 characters or fewer"
    )
    assert dom.find("a", class_="nhsuk-back-link").attrs["href"] == "/"
    form = dom.find("form", method="post")
    assert "novalidate" in form.attrs
    assert_csp_safe(html, header_nonce(response))

    ok = client.post("/sample-form/", {
        "first_name": "Ada", "email": "ada@example.nhs.uk", "band": "9", "role": "leader",
        "interests": ["board"], "start_date_day": "26", "start_date_month": "11",
        "start_date_year": "2025", "consent": "true",
    })
    assert "Started 26 November 2025" in ok.content.decode()


def test_accessibility_statement(client):
    response = client.get("/accessibility/")
    assert response.status_code == 200
    dom = parse(response.content.decode())
    assert dom.find("h1").text == "Accessibility statement for TalentBridge"
    assert dom.find("title").text == "Accessibility statement – TalentBridge – NHS"


def test_404_page(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    dom = parse(response.content.decode())
    assert dom.find("h1").text == "Page not found"
    assert_csp_safe(response.content.decode(), header_nonce(response))


def test_403_page():
    request = signed_in_request("/people/1/")
    response = views.permission_denied(request)
    assert response.status_code == 403
    assert parse(response.content.decode()).find("h1").text == (
        "You do not have permission to see this page"
    )


def test_500_page_does_not_need_the_session_or_user():
    request = RequestFactory().get("/boom/")
    ContentSecurityPolicyMiddleware(lambda r: None).process_request(request)
    response = views.server_error(request)  # no request.user, no session
    assert response.status_code == 500
    dom = parse(response.content.decode())
    assert dom.find("h1").text == "Sorry, there is a problem with the service"
    assert dom.find("nav") is None
