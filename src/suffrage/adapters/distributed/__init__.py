"""Where the verifier's ballot chunks run when one machine is not enough: Dask.

The verifier (``suffrage.verify.plan``) cuts the board into chunks and accepts any
``ChunkMapper``. This adapter builds one from a Dask cluster, through
``Client.get_executor()`` used as a plain executor: a local cluster of worker processes
(``"local"``) or a running scheduler reached by its address (``tcp://host:8786``).
"""

from __future__ import annotations

from suffrage.adapters.distributed.cluster import (
    LOCAL,
    DaskUnavailable,
    dask_mapper,
)

__all__ = ["LOCAL", "DaskUnavailable", "dask_mapper"]
