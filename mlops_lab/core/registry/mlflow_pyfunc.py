"""The MLflow ``python_function`` wrapper of a pickled model that has no MLflow flavor.

`mlflow_registry` saves it with cloudpickle *by value*, so loading the model
with ``mlflow.pyfunc.load_model`` needs neither mlops-lab nor this module.
"""

from __future__ import annotations

from typing import Any

from mlflow.pyfunc.model import PythonModel

__all__ = ["PickledModel"]


class PickledModel(PythonModel):
    """Predicts with the pickled object: its ``predict`` method, else the object called."""

    # The wrapped model takes whatever its own predict takes: MLflow is told not to
    # validate inputs against this predict's type hints (nor to warn that it has none).
    _skip_type_hint_validation = True

    def load_context(self, context: Any) -> None:
        import pickle

        with open(context.artifacts["model"], "rb") as handle:  # noqa: PTH123 - no pathlib import at load
            self.model = pickle.load(handle)

    # Unannotated on purpose: at save time MLflow infers a schema from predict's type
    # hints, and warns that it cannot from Any.
    def predict(self, context, model_input, params=None):  # type: ignore[no-untyped-def]
        model = self.model
        predict = getattr(model, "predict", None)
        return predict(model_input) if callable(predict) else model(model_input)
