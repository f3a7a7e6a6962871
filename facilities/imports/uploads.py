"""Uploads to the import pages are cut off at their import's size limit while they arrive.

Django parses a form's body before any view runs (the CSRF check reads it), streaming a file of
more than 2.5 MB to a temporary file, so without a limit an upload of any size would be written
to disk before the page could refuse it. This handler, first in FILE_UPLOAD_HANDLERS, stops the
file of an import page at that import's limit (it resolves the URL itself when a middleware,
such as the null-character check, reads the body before Django has),
reads the rest of the body without keeping it, and marks the request, so that the page says the
file is too large. Other pages' uploads pass through untouched.
"""

from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.urls import Resolver404, resolve

REFUSED = "import_upload_too_large"


def limit_of(request):
    """The size limit in bytes of the import page the request is for, else None."""
    from ..hours.holiday_import import MAX_FILE_BYTES
    from .kinds import importer_for

    match = getattr(request, "resolver_match", None)
    if match is None:  # a middleware read the body before Django resolved the URL
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
    if match.url_name == "facilities_holiday_import":
        return MAX_FILE_BYTES
    if match.url_name == "facilities_import":
        importer = importer_for(match.kwargs.get("kind", ""))
        return importer.max_bytes if importer else None
    return None


def upload_refused(request):
    """True when the request's file was cut off at its import's limit."""
    return getattr(request, REFUSED, False)


class ImportSizeLimit(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.limit = limit_of(self.request)

    def receive_data_chunk(self, raw_data, start):
        if self.limit is not None and start + len(raw_data) > self.limit:
            setattr(self.request, REFUSED, True)
            raise StopUpload(connection_reset=False)
        return raw_data

    def file_complete(self, file_size):
        return None
