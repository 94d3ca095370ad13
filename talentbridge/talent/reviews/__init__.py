"""Talent reviews with calibration, talent pools, and their exports."""
