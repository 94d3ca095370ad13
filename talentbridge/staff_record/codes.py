"""Code lists of leaders' feeds: a feed's state, and the answer about a person an applied feed
did not list (docs/staff-record.md)."""

from talentbridge.core.code_lists import code_lists

FeedStatus, Answer = code_lists(__name__)


FINISHED = (FeedStatus.APPLIED, FeedStatus.REJECTED, FeedStatus.FAILED)

