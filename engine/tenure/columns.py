"""The columns of a tenures file, shared by its two readers."""

#: Every tenures file has these columns (in any order; other columns may follow).
REQUIRED = ("person_id", "organisation", "start_date", "end_date", "exit_reason")

#: The group of a row whose grouping column is empty.
NOT_RECORDED = "not recorded"

#: The key of the curve for everyone, so no group may be called this.
ALL = "ALL"
