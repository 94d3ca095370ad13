"""Stopping an upload that is too large while it arrives, not after.

:class:`LimitedUploadHandler` comes first in ``FILE_UPLOAD_HANDLERS``: it counts the bytes of
each uploaded file as they are received and, as soon as one passes
:data:`~talentbridge.insights.services.MAX_UPLOAD_BYTES` (or the request says it is larger
than that before any is read), stops reading the request. What was received is thrown away,
the file is missing from ``request.FILES``, and :func:`refused` gives the message naming the
limit, which the import page shows on the file field and the API returns with status 413.
"""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler
from django.core.files.uploadhandler import StopUpload

_REFUSED = "talentbridge_upload_refused"


def limit_message(limit: int) -> str:
    size = f"{limit // 1024**3} GB" if limit % 1024**3 == 0 else f"{limit:,} bytes"
    return f"The selected file must be smaller than {size}"


def refused(request) -> str | None:
    """Why the request's upload was stopped, or None. Read ``request.POST`` first."""
    return getattr(request, _REFUSED, None)


class LimitedUploadHandler(FileUploadHandler):
    """Stops the upload once a file passes ``limit`` bytes (by default MAX_UPLOAD_BYTES)."""

    def __init__(self, request=None, limit: int | None = None) -> None:
        super().__init__(request)
        if limit is None:
            # services imports this module (it reads uploads through this handler)
            from .services import MAX_UPLOAD_BYTES

            limit = MAX_UPLOAD_BYTES
        self.limit = limit
        self.received = 0
        self.declared_too_large = False

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        # Room for the other form fields, which Django caps at DATA_UPLOAD_MAX_MEMORY_SIZE.
        room = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
        self.declared_too_large = content_length > self.limit + room
        return None

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        if self.declared_too_large:
            self._stop()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > self.limit:
            self._stop()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None

    def _stop(self):
        if self.request is not None:
            setattr(self.request, _REFUSED, limit_message(self.limit))
        raise StopUpload(connection_reset=True)
