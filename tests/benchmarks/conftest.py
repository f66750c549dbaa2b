"""Make the repository's ``benchmarks`` folder importable however pytest was started."""
import os
import sys

_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
if _ROOT not in sys.path:
    sys.path.append(_ROOT)  # appended, so the repo's top-level folders never shadow installed packages
