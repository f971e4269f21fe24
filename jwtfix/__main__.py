"""`python -m jwtfix`."""

from jwtfix.cli import main

main()
