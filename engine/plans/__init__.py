"""Plain-Python rules of development plans: which competency domains are a leader's gaps."""
