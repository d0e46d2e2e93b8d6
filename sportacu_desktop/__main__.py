import sys

from sportacu_desktop.cli import main

sys.exit(main())
