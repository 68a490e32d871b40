"""Server configuration for the Galata UI tests.

Opening JupyterLab from this file gives a fresh mlops-lab store with three
seeded runs (see ``store.py``); the notebook kernels it starts record into it.
"""

import os
import sys
from pathlib import Path

from jupyterlab.galata import configure_jupyter_server

sys.path.insert(0, str(Path(__file__).resolve().parent))

import store

# MLOPS_LAB_UI_PORT lets several checkouts run their UI tests side by side.
PORT = int(os.environ.get("MLOPS_LAB_UI_PORT", "8917"))

configure_jupyter_server(c)  # noqa: F821
c.ServerApp.port = PORT  # noqa: F821
c.ServerApp.ip = "127.0.0.1"  # noqa: F821
c.ServerApp.allow_root = True  # noqa: F821
c.FileContentsManager.delete_to_trash = False  # noqa: F821

store.seed()
c.MlopsLab.store_path = str(store.STORE_PATH)  # noqa: F821
# The store's folder is the project root, and the server's root too: a kernel
# records its notebook relative to the project root, the Experiments panel asks
# for the runs of a notebook by its path in the server, and the two agree (as
# when mlops-lab finds or creates the store in the Jupyter root).
c.ServerApp.root_dir = str(store.STORE_PATH.parent)  # noqa: F821
# Kernels inherit the server's environment; the server extension exports this
# too, and setting it here keeps the kernels on the test store either way.
os.environ["MLOPS_LAB_STORE"] = str(store.STORE_PATH)
# Tests add kernel specs to KERNELS_PATH for the time they run (see
# tests/store.ts); Jupyter looks for kernel specs in <JUPYTER_PATH>/kernels.
os.environ["JUPYTER_PATH"] = os.pathsep.join(
    filter(None, [str(store.KERNELS_PATH.parent), os.environ.get("JUPYTER_PATH")])
)
