"""Extraction split into partitions, run by one process, a pool or Dask, and assembled.

* :mod:`.partitions` plans the work: consecutive inputs grouped, a large web archive cut
  into record ranges.
* :mod:`.documents` reads one unit of work and turns each document into its facts.
* :mod:`.parts` runs one partition and gives its rows as Arrow tables, with a ledger row
  (:mod:`.ledger`) for every document read.
* :mod:`.engines` runs partitions in this process or a process pool; :mod:`.dask_engine`
  on a Dask cluster.
* :mod:`.duplicates` decides, over the whole dataset, which documents are re-captures of
  one page and which texts are copies of an earlier one.
* :mod:`.assemble` writes the partitions' rows in input order, with those decisions, as one
  dataset; :mod:`.merge` does the same over datasets already written (``--update``,
  ``unionnews merge``).

Whatever the engine and however the inputs are cut, the same inputs give the same tables.
"""
