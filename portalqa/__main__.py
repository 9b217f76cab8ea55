import sys

from portalqa.cli import main

sys.exit(main())
