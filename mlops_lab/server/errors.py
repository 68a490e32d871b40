"""The one place where core errors become HTTP answers."""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from http.client import responses
from typing import Any, Concatenate, ParamSpec, TypeVar

from tornado.web import HTTPError, RequestHandler

from ..core import ConflictError, InvalidInputError, MlopsLabError, NotFoundError, StoreError
from ..core.errors import MissingDependencyError, StoreReadOnlyError

__all__ = ["ClientError", "client_error", "map_core_errors"]

#: Status and machine-readable kind of each core error class, most specific first;
#: anything else (a new class) is the server being unable to serve now.
_ANSWERS: tuple[tuple[type[MlopsLabError], int, str], ...] = (
    (NotFoundError, 404, "not_found"),
    (InvalidInputError, 400, "invalid_input"),
    (ConflictError, 409, "conflict"),
    (MissingDependencyError, 501, "missing_dependency"),
    # a write to a store open read-only: the request conflicts with what the store allows
    (StoreReadOnlyError, 409, "store_read_only"),
    (StoreError, 503, "store_unavailable"),
)
_OTHER = (503, "unavailable")

_P = ParamSpec("_P")
_H = TypeVar("_H", bound=RequestHandler)


class ClientError(HTTPError):
    """An HTTP error whose message is written for the person who sent the request."""

    def __init__(self, status_code: int, message: str, kind: str) -> None:
        # The message goes in as a %-argument so a '%' in it is never a format.
        super().__init__(status_code, "%s", message, reason=responses.get(status_code))
        self.message = message
        self.kind = kind

    def to_json(self) -> dict[str, str]:
        return {"message": self.message, "reason": self.reason or "", "kind": self.kind}


def client_error(error: MlopsLabError) -> ClientError:
    """The HTTP answer for a core error."""
    status, kind = next(
        ((status, kind) for cls, status, kind in _ANSWERS if isinstance(error, cls)), _OTHER
    )
    return ClientError(status, error.message, kind)


def map_core_errors(
    method: Callable[Concatenate[_H, _P], Coroutine[Any, Any, None]],
) -> Callable[Concatenate[_H, _P], Coroutine[Any, Any, None]]:
    """Answer a core error raised by a handler verb with its HTTP error.

    Goes *under* ``@tornado.web.authenticated``, which must stay outermost for
    jupyter_server to see that the verb is authenticated.
    """

    @functools.wraps(method)
    async def wrapper(handler: _H, /, *args: _P.args, **kwargs: _P.kwargs) -> None:
        try:
            await method(handler, *args, **kwargs)
        except MlopsLabError as error:
            raise client_error(error) from None

    return wrapper
