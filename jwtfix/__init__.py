"""jwtfix: tells you why a JSON Web Token is rejected and how to fix it.

Kept empty of imports on purpose: `python -m jwtfix decode --json` must not pay
for anything it does not use.
"""

__version__ = "0.1.0"
