"""Allow `python -m tradecheck`."""

from tradecheck.cli import main

main()
