"""The leader's data rights under UK GDPR: a copy of everything, who viewed my profile,
corrections, and erasure when the retention period ends."""
