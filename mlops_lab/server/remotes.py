"""The team's remotes, as the Team scope of the runs list shows them: GET /remotes."""

from __future__ import annotations

from jupyter_server.auth.decorator import authorized
from tornado.web import authenticated

from ..core.timestamps import from_epoch, iso_timestamp
from .base import REGISTRIES_SETTING, StoreHandler
from .errors import map_core_errors

__all__ = ["RemotesHandler"]


class RemotesHandler(StoreHandler):
    """The store's remotes (``mlops-lab remote add``) and the server's ``mlflow:`` registries.

    Each with what waits in its outbox and its last error: the status bar's source.
    """

    auth_resource = "mlops-lab:runs"

    @authenticated
    @authorized
    @map_core_errors
    async def get(self) -> None:
        pending: dict[str, int] = {}
        failing: dict[str, int] = {}
        for entry in self.store.outbox():
            pending[entry.remote] = pending.get(entry.remote, 0) + 1
            if entry.last_error:
                failing[entry.remote] = failing.get(entry.remote, 0) + 1
        remotes = [
            {
                "name": r.name,
                "url": r.url,
                "source": "store",
                "auto": r.auto,
                "pending": pending.get(r.name, 0),
                "failing": failing.get(r.name, 0),
                "last_push_at": None
                if r.last_push_at is None
                else iso_timestamp(from_epoch(r.last_push_at)),
                "last_error": r.last_error,
            }
            for r in self.store.remotes()
        ]
        known = {r["name"] for r in remotes}
        registries: dict[str, str] = self.settings.get(REGISTRIES_SETTING, {})
        remotes.extend(
            {
                "name": name,
                "url": uri,
                "source": "server",
                "auto": False,
                "pending": 0,
                "failing": 0,
                "last_push_at": None,
                "last_error": None,
            }
            for name, uri in sorted(registries.items())
            if uri.startswith("mlflow:http") and name not in known
        )
        self.reply({"remotes": remotes})
