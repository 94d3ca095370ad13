"""Career conversations and LCF competency assessments (self, line manager, and 360 by an
e-mailed link)."""
