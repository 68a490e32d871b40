"""The Jupyter server extension: the REST API over the run store."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from jupyter_server.utils import url_path_join

from ..core import STORE_ENV_VAR, MlopsLabError, Store
from ..core.remote.outbox import Drainer
from .base import REGISTRIES_SETTING, STORE_SETTING
from .config import MlopsLab
from .jobs import JOBS_SETTING, Jobs
from .routes import API_PREFIX, ROUTES

__all__ = ["MlopsLab", "_load_jupyter_server_extension"]


def _load_jupyter_server_extension(server_app: Any) -> None:
    """Open the store and register the REST handlers."""
    settings = MlopsLab(parent=server_app)
    store: Store | MlopsLabError
    try:
        store = Store.open(settings.store_path or None, start=Path(server_app.root_dir))
        server_app.log.info("mlops-lab: serving the store at %s", store.path)
        # Kernels inherit the server's environment: this makes the notebooks it
        # runs record into the store the Experiments panel shows. The value is a
        # path of our own, never read back into the record.
        os.environ[STORE_ENV_VAR] = str(store.path)
        # Runs queued for a team's remote are pushed from here too, off the event loop.
        Drainer(store).start()
    except MlopsLabError as error:
        # The routes still answer, with this error as a 503, so the UI can show
        # why instead of reporting the extension as missing.
        server_app.log.error("mlops-lab: the store cannot be opened: %s", error.message)
        store = error
    web_app = server_app.web_app
    web_app.settings[STORE_SETTING] = store
    web_app.settings[JOBS_SETTING] = Jobs()
    web_app.settings[REGISTRIES_SETTING] = {
        str(name): str(uri) for name, uri in settings.registries.items()
    }
    base_url = web_app.settings["base_url"]
    web_app.add_handlers(
        ".*$",
        [(url_path_join(base_url, API_PREFIX, pattern), handler) for pattern, handler in ROUTES],
    )
