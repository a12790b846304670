"""accredkit.web: the cabinet over HTTP, a JSON API with OpenAPI (``accredkit[web]``).

A driving adapter like the command line, built over the public ``accredkit`` API only
(docs/web.md).
"""

from accredkit.web._app import API_PREFIX as API_PREFIX
from accredkit.web._app import OPENAPI_PATH as OPENAPI_PATH
from accredkit.web._app import create_app as create_app
from accredkit.web._edge import ACCESS_LOG as ACCESS_LOG
from accredkit.web._settings import COOKIE_NAME as COOKIE_NAME
from accredkit.web._settings import CSRF_HEADER as CSRF_HEADER
from accredkit.web._settings import MAX_UPLOAD as MAX_UPLOAD
from accredkit.web._settings import WebSettings as WebSettings

__all__ = [
    "ACCESS_LOG",
    "API_PREFIX",
    "COOKIE_NAME",
    "CSRF_HEADER",
    "MAX_UPLOAD",
    "OPENAPI_PATH",
    "WebSettings",
    "create_app",
]
