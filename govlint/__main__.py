import sys

from govlint.cli import program

sys.exit(program())
