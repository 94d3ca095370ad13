def build(seed: int, stdout=None, reset: bool = False) -> None:
    """Filled in by the part of the talent app that owns this module."""
