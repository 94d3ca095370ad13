"""In a real browser: an analyst imports a snapshot through the page, sees the pipeline chart
and table for their region, and downloads the table as XLSX; every page meets the
accessibility baseline (axe, WCAG 2.2 AA: no serious or critical violation, no CSP error)."""

from __future__ import annotations

import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page
from playwright.sync_api import expect

from .workforce import build_nhs
from .workforce import snapshot_csv

pytestmark = pytest.mark.browser


NORTH_WEST_ONLY = {("RJ1", "8a"), ("RJ1", "VSM"), ("RJ1", "5")}


@pytest.fixture
def nhs(transactional_db, _audit_trail_emptied):
    from django.core.cache import cache

    cache.clear()
    return build_nhs()


def test_an_analyst_imports_a_snapshot_and_downloads_the_pipeline(
        page: Page, nhs, sign_in_as, axe_check, tmp_path):
    # Given an analyst for the North West, signed in, with a staff file for her region
    sign_in_as(nhs.analyst)
    staff = tmp_path / "north-west-staff.csv"
    staff.write_bytes(snapshot_csv(drop=NORTH_WEST_ONLY))

    # When she imports it through the import page
    page.goto("/insights/imports/snapshot/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Import a workforce snapshot")
    axe_check(page)
    page.get_by_label("Staff file (CSV or XLSX)").set_input_files(str(staff))
    page.get_by_label("Day").fill("1")
    page.get_by_label("Month").fill("10")
    page.get_by_label("Year").fill("2026")
    page.get_by_label("Area the file is for").select_option("region:Y62")
    page.get_by_role("button", name="Import snapshot").click()

    # Then the import page says it is imported
    expect(page.locator(".nhsuk-tag")).to_have_text("Imported")
    expect(page.get_by_text("135 staff in 3 organisations imported.")).to_be_visible()
    axe_check(page)

    # When she opens the figures
    page.get_by_role("link", name="See the figures for this snapshot").click()

    # Then she sees the pipeline for the North West, as a chart and as a table
    expect(page.get_by_role("heading", level=1)).to_contain_text("North West (Y62)")
    chart = page.get_by_role("img", name=re.compile(r"Ethnic minority share at each level"))
    expect(chart).to_be_visible()
    table = page.locator("table", has=page.locator("caption", has_text="Headcount and share"))
    expect(table).to_be_visible()
    # North West 8a: White 23 + 5 = 28 -> 30, ethnic minority 11 + 3 = 14 -> 15
    expect(table.get_by_role("row", name=re.compile(r"^Band 8a"))).to_contain_text("30")
    axe_check(page)
    # and London is not hers to choose
    expect(page.get_by_label("Area").locator("option", has_text="London")).to_have_count(0)

    # When she downloads the table as XLSX
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"XLSX \(Excel\) of Headcount and share")) \
            .click()
    download = download_info.value
    assert download.suggested_filename == "insights-pipeline-region-Y62-2026-10-01.xlsx"
    path = tmp_path / download.suggested_filename
    download.save_as(path)

    # Then the workbook holds the same controlled figures
    rows = list(load_workbook(path).worksheets[0].iter_rows(values_only=True))
    assert rows[0][0] == "Level" and rows[1][0] == "Band 8a"
    assert rows[1][1] == 30 and rows[1][3] == 15
