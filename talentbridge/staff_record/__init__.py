"""People from the staff record: leaders' feeds per organisation, moves between employers,
and mergers of organisations."""
