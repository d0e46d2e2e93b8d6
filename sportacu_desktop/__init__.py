"""SportAcu Desktop: charting, billing and care coordination for sports-acupuncture clinics."""

from functools import cache

from sportacu_desktop.release import VERSION

APP_NAME = "SportAcu Desktop"


@cache
def installed_version() -> str:
    # importlib.metadata loads the email package: a tenth of a second before the first
    # window, so the version is looked up when something first asks for it.
    from importlib.metadata import PackageNotFoundError, version

    try:
        # What was installed (wheel, bundle or editable checkout) says which release this is.
        return version("sportacu-desktop")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return VERSION


def __getattr__(name: str) -> str:
    if name == "__version__":
        return installed_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
