"""The size limit of uploaded files, held while the request body is read.

Installed first in settings.FILE_UPLOAD_HANDLERS, the handler counts each file's bytes as
they arrive and passes them on to Django's own handlers (memory, then a temporary file).
Past the limit it stops the upload: the partial file is dropped (its temporary file
deleted) and the rest of the body is not read. The fields sent before the file are parsed
as usual, so the page can keep them and name the refused file at its field
(cases.documents.refused_uploads).
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


class SizeLimitUploadHandler(FileUploadHandler):
    def new_file(self, field_name, *args, **kwargs):
        super().new_file(field_name, *args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.UPLOAD_MAX_FILE_SIZE:
            cut = getattr(self.request, "uploads_cut", [])
            self.request.uploads_cut = [*cut, self.field_name]
            # connection_reset: do not read (and discard) the rest of the body either.
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None  # the next handler makes the file
