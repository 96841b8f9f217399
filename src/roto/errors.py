"""The one exception the CLI turns into a clear message and exit code 2."""


class RotoError(Exception):
    """Bad input or an impossible request: shown to the user as one line, never a traceback."""

    exit_code = 2
