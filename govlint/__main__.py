import sys

from govlint.cli import main

sys.exit(main())
