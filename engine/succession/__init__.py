"""Succession arithmetic in plain Python: a board post's vacancy risk, bench strength over a
set of posts (by organisation, system, region and kind of organisation), the make-up of
successor slates through the disclosure rules, and supply against demand for a region.

No Django: the succession app reads the rows and hands them over as `Post` and `SuccessorLine`
values (see docs/succession.md)."""
