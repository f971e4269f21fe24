"""Django REST framework + djangorestframework-simplejwt, configured as its documentation shows.

    python simplejwt_app.py --db PATH [--variant defaults|rotate]

`defaults`: SIMPLE_JWT untouched (5 min access, 1 day refresh, no rotation).
`rotate`: ROTATE_REFRESH_TOKENS and BLACKLIST_AFTER_ROTATION with the
token_blacklist app, and the blacklist view as logout.
Routes: POST /api/token/ (login), POST /api/token/refresh/, POST
/api/token/blacklist/ (rotate only), GET /api/me/ (IsAuthenticated).
The user TEST_USERNAME / TEST_PASSWORD is created after `migrate` into the
sqlite file --db. Served by Django's own development server (what
`manage.py runserver` runs) on 127.0.0.1, port 0; prints `listening on PORT`.
Runs in the stacks virtualenv (tests/stacks/requirements.txt).
"""

import argparse
import os
import socketserver
import sys

import django
from django.conf import settings

parser = argparse.ArgumentParser()
parser.add_argument("--db", required=True)
parser.add_argument("--variant", choices=("defaults", "rotate"), default="defaults")
args = parser.parse_args()
ROTATE = args.variant == "rotate"

settings.configure(
    DEBUG=False,
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    SECRET_KEY=os.environ["DJANGO_SECRET_KEY"],
    ROOT_URLCONF=__name__,
    USE_TZ=True,
    DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
    INSTALLED_APPS=[
        "django.contrib.contenttypes",
        "django.contrib.auth",
        "rest_framework",
        "rest_framework_simplejwt",
        *(["rest_framework_simplejwt.token_blacklist"] if ROTATE else []),
    ],
    MIDDLEWARE=["django.middleware.common.CommonMiddleware"],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": args.db}},
    REST_FRAMEWORK={
        "DEFAULT_AUTHENTICATION_CLASSES": (
            "rest_framework_simplejwt.authentication.JWTAuthentication",
        ),
    },
    SIMPLE_JWT=(
        {"ROTATE_REFRESH_TOKENS": True, "BLACKLIST_AFTER_ROTATION": True} if ROTATE else {}
    ),
)
django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.urls import path  # noqa: E402
from rest_framework.permissions import IsAuthenticated  # noqa: E402
from rest_framework.request import Request  # noqa: E402
from rest_framework.response import Response  # noqa: E402
from rest_framework.views import APIView  # noqa: E402
from rest_framework_simplejwt.views import (  # noqa: E402
    TokenBlacklistView,
    TokenObtainPairView,
    TokenRefreshView,
)


class Me(APIView):
    permission_classes = (IsAuthenticated,)

    def get(self, request: Request) -> Response:
        return Response({"id": request.user.id, "username": request.user.username})


urlpatterns = [
    path("api/token/", TokenObtainPairView.as_view(), name="token_obtain_pair"),
    path("api/token/refresh/", TokenRefreshView.as_view(), name="token_refresh"),
    path("api/me/", Me.as_view()),
]
if ROTATE:
    urlpatterns.append(
        path("api/token/blacklist/", TokenBlacklistView.as_view(), name="token_blacklist")
    )


def main() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    User.objects.create_user(os.environ["TEST_USERNAME"], password=os.environ["TEST_PASSWORD"])
    # runserver's server class: threads, one per request.
    server_class = type("WSGIServer", (socketserver.ThreadingMixIn, WSGIServer), {})
    server = server_class(("127.0.0.1", 0), WSGIRequestHandler, ipv6=False)
    server.daemon_threads = True
    server.set_app(get_wsgi_application())
    print(f"listening on {server.server_address[1]}", flush=True)
    sys.stdout.flush()
    server.serve_forever()


if __name__ == "__main__":
    main()
