"""The shared check of a confirmation step (`core/confirm.py`) for the apps' tests."""

from __future__ import annotations

from talentbridge.core.tests.test_core_layout import assert_csp_safe
from talentbridge.core.tests.test_core_layout import header_nonce
from talentbridge.people.tests.factories import page_text


def assert_asks_first(client, url: str, *, question: str, button: str, back: str,
                      can_undo: str = "") -> str:
    """The first click (a GET of the action's URL) asks "Are you sure you want to ...?",
    with a warning button posting to the same URL and "Cancel" back; returns the page text.
    For an action the user can reverse (`can_undo`, the sentence saying how), the page says
    how instead of warning, with an ordinary button. The caller checks that nothing changed."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    html = response.content.decode()
    assert_csp_safe(html, header_nonce(response))
    text = page_text(response)
    assert f"Are you sure you want to {question}?" in text, text
    assert f'action="{url}"' in html and 'method="post"' in html and button in text
    if can_undo:
        assert can_undo in text and "Important" not in text
        assert "nhsuk-inset-text" in html and "nhsuk-button--warning" not in html
    else:
        assert "cannot be undone" in text or "again" in text
        assert "Important" in text and "nhsuk-button--warning" in html
    assert f'href="{back}">Cancel</a>' in html
    return text
