import sys

from sportacu_desktop.entry import main

sys.exit(main())
