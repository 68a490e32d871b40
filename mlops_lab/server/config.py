"""Server-side settings of mlops-lab (``c.MlopsLab.*`` in a Jupyter config file)."""

from __future__ import annotations

from traitlets import Dict, Unicode
from traitlets.config import Configurable


class MlopsLab(Configurable):
    """Settings of the mlops-lab server extension."""

    store_path = Unicode(
        "",
        config=True,
        help=(
            "Path of the .mlops-lab store folder to serve. Empty: MLOPS_LAB_STORE if set, "
            "else the nearest .mlops-lab above the Jupyter root, else a new one there."
        ),
    )

    registries = Dict(
        {},
        config=True,
        help=(
            "Registries a request may name by ``?registry=NAME``, e.g. "
            '{"team": "mlflow:http://mlflow.internal:5000"}; ``local`` is always there. '
            "A request never names a URL: the server only contacts the ones set here."
        ),
    )
