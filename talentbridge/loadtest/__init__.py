"""The load test (``talentbridge loadtest``): hundreds of people on the production profile at
once. A driver, not a Django app: never installed, imported only by the load test's own
processes and settings (docs/performance.md)."""
