"""Deterministic synthetic demo data for a whole NHS in England.

Everything here is invented: the people, their names, careers and characteristics. Only the
organisations (trusts, ICBs, regions) are real, from the ODS reference data.

- `plan` builds the whole population as plain Python objects (no Django, no database);
- `generator.build_demo` loads the real organisations, calls the plan and writes it in bulk;
- `users` makes the demo sign-ins, one per role;
- `names` and `roles` hold the synthetic name lists and job-title tables.
"""
