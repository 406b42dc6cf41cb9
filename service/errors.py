"""The few domain errors; each door (CLI, API) maps them to an exit code or an HTTP status once."""

from __future__ import annotations


class FicheSujetError(Exception):
    """Base of every error the project raises on purpose; its message is French and meant for users."""


class InputError(FicheSujetError):
    """An input file or document that cannot be read: names the source and the field concerned."""

    def __init__(self, source: str, field: str, message: str) -> None:
        self.source = source
        self.field = field
        self.message = message
        where = f"{source} : {field}" if field else source
        super().__init__(f"{where} : {message}")


class EngineError(FicheSujetError):
    """An engine could not produce a valid proposal; the message says why."""


class RenderError(FicheSujetError):
    """A document could not be produced on this machine (a missing system library, a failed render)."""


class WorkflowError(FicheSujetError):
    """A review transition or edit that the workflow does not allow; the message says why."""


class ConflictError(FicheSujetError):
    """The fiche changed since the caller read it (stale version counter): reload, then retry."""


class NotFoundError(FicheSujetError):
    """An id that names nothing in the database (or nothing the caller may see)."""


class ForbiddenError(FicheSujetError):
    """The caller may see the resource's school, but their role or place does not allow this action."""
