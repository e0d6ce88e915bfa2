"""Errors a user can act on: each message says what went wrong and what to do."""

from __future__ import annotations


class SahelAnalysisError(Exception):
    """Base class of every error raised on purpose by sahel_analysis."""


class UnknownCountryError(SahelAnalysisError, ValueError):
    """A country name or code that the data does not cover."""


class InvalidPeriodError(SahelAnalysisError, ValueError):
    """A period whose start is after its end, or that selects no data."""


class DataUnavailableError(SahelAnalysisError):
    """An upstream file that is neither in the mirror, the cache nor reachable online."""


class MirrorNotFoundError(DataUnavailableError):
    """The configured mirror folder, or a file in it, does not exist."""


class DataIntegrityError(SahelAnalysisError):
    """A file whose content hash or structure is not what was expected."""


class SchemaValidationError(SahelAnalysisError):
    """A table that does not satisfy its pandera schema."""


class InvalidArgumentError(SahelAnalysisError, ValueError):
    """An argument of a data, metrics or plotting function outside what it accepts."""


class NoDataError(SahelAnalysisError, ValueError):
    """A computation that needs data the selection does not hold (e.g. no deaths that year)."""


class UnknownTimelineKeyError(SahelAnalysisError, KeyError):
    """A timeline key (``data.timeline_turn``) that is not in ``timeline.csv``."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class ParameterError(SahelAnalysisError, ValueError):
    """A report parameter that is unknown, of the wrong type or out of range."""


class UnknownReportError(SahelAnalysisError, KeyError):
    """A report name that is not in the catalog."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class NotebookError(SahelAnalysisError):
    """A notebook that is missing or malformed (e.g. no `parameters` cell)."""


class RenderError(SahelAnalysisError):
    """A report whose execution or export failed."""


class RemoteReferenceError(RenderError, ValueError):
    """A report that tried to fetch a remote file while exporting (reports are self-contained)."""


class RenderLockedError(SahelAnalysisError):
    """Another render is already writing to the same output directory."""


class OutputNotWritableError(SahelAnalysisError):
    """The output directory cannot be written to."""


class CacheNotWritableError(OutputNotWritableError):
    """The download cache folder cannot be created or written to (e.g. a read-only HOME)."""


class SchedulerUnavailableError(SahelAnalysisError):
    """The Dask scheduler given with --scheduler cannot be reached (CLI exit code 1)."""


class PublisherUnreachableError(DataUnavailableError):
    """A publisher that did not answer (timeout, connection error, server error)."""


class AcledError(DataUnavailableError):
    """An ACLED API request that failed (base class of the ACLED errors)."""


class AcledCredentialsMissingError(AcledError):
    """No ACLED email and password in the environment and no terminal to ask for them."""


class AcledAuthError(AcledError):
    """ACLED refused the credentials or the token."""


class AcledRateLimitError(AcledError):
    """ACLED's rate limit was reached (HTTP 429)."""


class ReleaseRefusedError(DataIntegrityError):
    """An upstream release that failed its checks; it was neither used nor cached."""
