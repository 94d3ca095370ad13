"""Real-browser tests: Playwright (sync API) driving Debian's Chromium against pytest-django's
live server, with an axe-core accessibility check on every page. See docs/testing.md."""
