"""The JSON API under /api/: the same domain functions as the pages, for partners and scripts."""
