"""Run pytest as on a platform without ``fcntl`` (Windows): importing it raises ImportError.

Usage: python .ci/without_fcntl.py -q -p no:cacheprovider tests/crawl

Run sequentially (no ``-n``): xdist workers are new processes that would import the
real module.
"""

import sys

sys.modules["fcntl"] = None  # type: ignore[assignment]

import pytest  # noqa: E402

raise SystemExit(pytest.main(sys.argv[1:]))
