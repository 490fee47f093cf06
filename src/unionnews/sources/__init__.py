"""Where articles come from: URL canonicalisation and link discovery."""
