"""The compiled front end (npm ci && npm run build) is complete and self-contained."""

import re
from pathlib import Path

import pytest

BUILD = Path(__file__).resolve().parents[1] / "static" / "talentbridge" / "build"
STATIC_PREFIX = "/static/talentbridge/build/"
HINT = "Front-end build missing: run `npm ci && npm run build` in the repository root."


@pytest.fixture(scope="module")
def css() -> str:
    main_css = BUILD / "main.css"
    if not main_css.exists():
        pytest.fail(f"{main_css} does not exist. {HINT}", pytrace=False)
    return main_css.read_text(encoding="utf-8")


def test_every_url_in_the_css_exists_in_the_build(css):
    urls = re.findall(r"url\(\s*[\"']?([^\"')]+)[\"']?\s*\)", css)
    assert urls, "expected main.css to refer to the NHS icons"
    missing = []
    for url in urls:
        if url.startswith("data:"):
            continue
        assert url.startswith(STATIC_PREFIX), f"main.css refers to a non-local URL: {url}"
        path = BUILD / url[len(STATIC_PREFIX):].split("?")[0].split("#")[0]
        if not path.exists():
            missing.append(url)
    assert not missing, f"main.css refers to files not in the build: {missing}. {HINT}"


def test_css_loads_nothing_from_other_hosts(css):
    assert "assets.nhs.uk" not in css
    assert not re.search(r"url\(\s*[\"']?(https?:)?//", css)
    assert "@import" not in css


def test_files_the_layout_needs_are_built(css):
    needed = [
        "talentbridge.mjs",
        "nhsuk-frontend.min.js",
        "assets/manifest.json",
        "assets/images/favicon.ico",
        "assets/images/favicon.svg",
        "assets/images/nhsuk-icon-mask.svg",
        "assets/images/nhsuk-icon-180.png",
    ]
    missing = [name for name in needed if not (BUILD / name).exists()]
    assert not missing, f"missing from {BUILD}: {missing}. {HINT}"
    script = (BUILD / "talentbridge.mjs").read_text()
    assert "\ninitAll();\n" in script
    assert script.rstrip().endswith("tbInitPickers();")


def test_the_pickers_autocomplete_is_bundled_not_fetched(css):
    """accessible-autocomplete's script and styles come from our own build (no CDN)."""
    script = (BUILD / "talentbridge.mjs").read_text()
    assert "accessibleAutocomplete" in script and "input[data-picker-url]" in script
    assert "https://" not in script.split("tbEscape", 1)[1]  # our part fetches only our pages
    assert ".autocomplete__wrapper" in css and ".tb-picker__detail" in css
