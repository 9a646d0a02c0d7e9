"""Batch comparison: what differs between two batches, ranked by how well each difference separates
the product's good batches from its poor ones.

Design notes:
- Read-only over the lot tables: no events, no tables of its own.
- history.py gathers a product's batches and their inputs in two SQL statements (aggregates over
  lot_item_site_date_idx and input_back_idx), whatever the number of batches; everything after is
  plain Python over those rows.
- outcome.py is the one place saying what a good or poor batch is (and the number "the best" picks by:
  the yield ratio where the units give one).
- facets.py: one small function per kind of difference, each giving a batch's features as
  (key, value, shown); a facet over another app's data is a loader and a function in LOADED (process
  values, lab results, and the yield read by the outcome).
- score.py: the explained score (poor rates with a small-sample shrinkage), its sentence and rule.
"""
