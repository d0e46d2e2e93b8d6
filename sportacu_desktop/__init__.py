"""SportAcu Desktop: charting, billing and care coordination for sports-acupuncture clinics."""

from importlib.metadata import PackageNotFoundError, version

from sportacu_desktop.release import VERSION

try:
    # What was installed (wheel, bundle or editable checkout) says which release this is.
    __version__ = version("sportacu-desktop")
except PackageNotFoundError:  # run from a source tree that was never installed
    __version__ = VERSION
APP_NAME = "SportAcu Desktop"
