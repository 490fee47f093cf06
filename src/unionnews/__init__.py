"""unionnews: Vietnamese trade-union news in, a traceable research dataset out."""

import logging

__version__ = "0.1.0"

logging.getLogger(__name__).addHandler(logging.NullHandler())
