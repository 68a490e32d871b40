"""The one place where core errors become HTTP answers."""

from __future__ import annotations

import functools
from collections.abc import Callable, Coroutine
from http.client import responses
from typing import Any, Concatenate, ParamSpec, TypeVar

from tornado.web import HTTPError, RequestHandler

from ..core import ConflictError, InvalidInputError, MlopsLabError, NotFoundError

__all__ = ["ClientError", "client_error", "map_core_errors"]

_P = ParamSpec("_P")
_H = TypeVar("_H", bound=RequestHandler)


class ClientError(HTTPError):
    """An HTTP error whose message is written for the person who sent the request."""

    def __init__(self, status_code: int, message: str) -> None:
        # The message goes in as a %-argument so a '%' in it is never a format.
        super().__init__(status_code, "%s", message, reason=responses.get(status_code))
        self.message = message


def client_error(error: MlopsLabError) -> ClientError:
    """The HTTP answer for a core error."""
    if isinstance(error, NotFoundError):
        status = 404
    elif isinstance(error, InvalidInputError):
        status = 400
    elif isinstance(error, ConflictError):
        status = 409
    else:  # StoreError and anything new: the server cannot serve the store now
        status = 503
    return ClientError(status, error.message)


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
