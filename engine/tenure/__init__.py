"""TalentBridge tenure engine: how long leaders stay in post (Kaplan–Meier survival).

Plain Python and NumPy; no Django. Modules:

- :mod:`~engine.tenure.survival` — :class:`SurvivalCurve`, :func:`kaplan_meier`,
  :func:`survival_by_group`, with lifelines' exponential Greenwood interval
- :mod:`~engine.tenure.tenures` — :func:`read_tenures` of a tenures CSV, every problem listed
- :mod:`~engine.tenure.plain` — the fast, whole-column reader of a plain, valid file
- :mod:`~engine.tenure.report` — still in post at 1, 2, 3 and 5 years, and the median
- :mod:`~engine.tenure.generate` — deterministic synthetic tenures
- :mod:`~engine.tenure.bench` — timing against lifelines (needs the development dependencies)
- :mod:`~engine.tenure.cli` — ``talentbridge tenure survival | generate | bench``
"""
