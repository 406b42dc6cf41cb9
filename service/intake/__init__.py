"""Intake of an FDAP: untrusted .docx reading, table walking, label recognition, header and tick boxes.

`read_fdap_upload` (bytes) and `read_fdap_file` (a path) are the one door, for JSON and Word alike.
"""

from service.intake.assembly import NonPlace
from service.intake.upload import FdapUpload, Limits, read_fdap_file, read_fdap_upload

__all__ = ["FdapUpload", "Limits", "NonPlace", "read_fdap_file", "read_fdap_upload"]
