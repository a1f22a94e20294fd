"""Where the verifier's ballot chunks run when one process is not enough.

The verifier (``suffrage.verify.plan``) cuts the board into chunks and accepts any
``ChunkMapper``. This adapter builds them: :func:`process_mapper` over local worker
processes, and :func:`dask_mapper` over a Dask cluster, through
``Client.get_executor()`` used as a plain executor: a local cluster of worker processes
(``"local"``) or a running scheduler reached by its address (``tcp://host:8786``).
"""

from __future__ import annotations

from suffrage.adapters.distributed.cluster import (
    LOCAL,
    DaskUnavailable,
    dask_mapper,
)
from suffrage.adapters.distributed.processes import process_mapper

__all__ = ["LOCAL", "DaskUnavailable", "dask_mapper", "process_mapper"]
