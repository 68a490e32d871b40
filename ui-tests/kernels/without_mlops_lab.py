"""An IPython kernel whose environment lacks mlops_lab, for the UI tests.

mlops_lab is importable from the test server's Python; this kernel makes every
import of it fail as it does where it is not installed, then starts as usual.
"""

import sys
from importlib.abc import MetaPathFinder


class _NotInstalled(MetaPathFinder):
    def find_spec(self, name: str, path: object = None, target: object = None) -> None:
        # Other modules: None lets the next finders look for them.
        if name == "mlops_lab" or name.startswith("mlops_lab."):
            raise ModuleNotFoundError("No module named 'mlops_lab'", name="mlops_lab")


sys.meta_path.insert(0, _NotInstalled())

from ipykernel import kernelapp  # noqa: E402

kernelapp.launch_new_instance()
