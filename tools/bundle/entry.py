"""The bundle's entry point: the same ``sportacu`` command as the installed package."""

import sys

from sportacu_desktop.entry import main

if __name__ == "__main__":
    sys.exit(main())
