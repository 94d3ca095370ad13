"""TalentBridge insights engine: pure Python (no Django), Polars-based.

Modules: ``codes`` (NHS reference codes), ``snapshot`` (validated import of ESR-style
snapshots and WRES/WDES event files), ``ratios`` (relative likelihoods with CIs),
``disclosure`` (NHS small-number control), ``pipeline`` (representation by level),
``wres`` (WRES 1-4, 9 and WDES 1-3), ``progression`` (promotion between snapshots),
``projection`` (Markov workforce model), ``charts`` (SVG), ``export`` (CSV/XLSX) and
``cli`` (``talentbridge insights ...``). See README.md in this folder.
"""
