"""What every open-data response shares: read-only methods, CORS, JSON errors.

The API is public and read-only, so any origin may read it (``Access-Control-Allow-Origin: *``,
no credentials). The headers are added here, on the API's own views, rather than by a
site-wide middleware, so nothing else on the site becomes readable cross-origin.
"""

from __future__ import annotations

import functools
import logging

from django.http import HttpResponse, JsonResponse

from directory.pagecache.public import public_response

from .params import ApiError, ParamError

logger = logging.getLogger("directory.api")

ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": ", ".join(ALLOWED_METHODS),
    "Access-Control-Allow-Headers": "Accept, Accept-Language, Content-Type",
    "Access-Control-Max-Age": "86400",
}
JSON_CONTENT_TYPE = "application/json; charset=utf-8"


def add_cors_headers(response: HttpResponse) -> HttpResponse:
    for name, value in CORS_HEADERS.items():
        response[name] = value
    return response


def json_response(data, status: int = 200) -> JsonResponse:
    """JSON with Japanese left readable (not ``\\uXXXX``)."""
    return JsonResponse(
        data,
        status=status,
        safe=False,
        content_type=JSON_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False, "separators": (",", ":")},
    )


def error_response(errors: list[ParamError], status: int) -> JsonResponse:
    return json_response(
        {"status": status, "errors": [error.as_dict() for error in errors]}, status=status
    )


def not_found(message: str = "見つかりません。", message_en: str = "Not found.") -> ApiError:
    return ApiError([ParamError("id", message, message_en)], status=404)


def open_data_view(view):
    """Wrap an API view: GET/HEAD only (OPTIONS answers a CORS preflight), CORS headers on every
    answer, ``ApiError`` turned into a JSON error body, and every answer public (the same for
    every visitor, so the page cache keeps it)."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
        elif request.method not in ALLOWED_METHODS:
            response = error_response(
                [
                    ParamError(
                        "method",
                        "このAPIは読み取り専用です（GET のみ）。",
                        "This API is read-only (GET only).",
                    )
                ],
                405,
            )
            response["Allow"] = ", ".join(ALLOWED_METHODS)
        else:
            try:
                response = view(request, *args, **kwargs)
            except ApiError as error:
                response = error_response(error.errors, error.status)
        return public_response(add_cors_headers(response))

    wrapped.csrf_exempt = True  # read-only; nothing to protect, and preflights carry no token
    return wrapped
