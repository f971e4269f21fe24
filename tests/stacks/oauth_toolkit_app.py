"""django-oauth-toolkit as an OAuth 2.0 / OpenID Connect provider with the password grant.

    python oauth_toolkit_app.py --db PATH

Configured as its documentation shows: `oauth2_provider` mounted at /o/
(token/, revoke_token/, introspect/, .well-known/openid-configuration,
.well-known/oauth-authorization-server, userinfo/), OIDC on (an RSA key made
at start, RS256 ID tokens), refresh token rotation (the default), its reuse
protection (REFRESH_TOKEN_REUSE_PROTECTION) and a grace period of
REFRESH_TOKEN_GRACE_PERIOD_SECONDS (2 s). Access and refresh tokens are
opaque. A protected resource: GET /api/hello, the tutorial's
ProtectedResourceView. One confidential application with the password grant
(OAUTH_CLIENT_ID / OAUTH_CLIENT_SECRET) and the user TEST_USERNAME /
TEST_PASSWORD are created after `migrate` into the sqlite file --db.
Served by Django's development server on 127.0.0.1, port 0; prints
`listening on PORT`. Runs in the stacks virtualenv (tests/stacks/requirements.txt).
"""

import argparse
import os
import socketserver

import django
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from django.conf import settings

parser = argparse.ArgumentParser()
parser.add_argument("--db", required=True)
args = parser.parse_args()

GRACE_SECONDS = 2
RSA_KEY = (
    rsa.generate_private_key(public_exponent=65537, key_size=2048)
    .private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    .decode()
)

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
        "oauth2_provider",
    ],
    MIDDLEWARE=[
        "django.middleware.common.CommonMiddleware",
        "oauth2_provider.middleware.OAuth2TokenMiddleware",
    ],
    AUTHENTICATION_BACKENDS=[
        "oauth2_provider.backends.OAuth2Backend",
        "django.contrib.auth.backends.ModelBackend",
    ],
    DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": args.db}},
    OAUTH2_PROVIDER={
        "OIDC_ENABLED": True,
        "OIDC_RSA_PRIVATE_KEY": RSA_KEY,
        "SCOPES": {
            "openid": "OpenID Connect scope",
            "read": "Reading scope",
            "write": "Writing scope",
        },
        "ROTATE_REFRESH_TOKEN": True,
        "REFRESH_TOKEN_REUSE_PROTECTION": True,
        "REFRESH_TOKEN_GRACE_PERIOD_SECONDS": GRACE_SECONDS,
    },
)
django.setup()

from django.contrib.auth.models import User  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.core.servers.basehttp import WSGIRequestHandler, WSGIServer  # noqa: E402
from django.core.wsgi import get_wsgi_application  # noqa: E402
from django.http import HttpRequest, HttpResponse  # noqa: E402
from django.urls import include, path  # noqa: E402
from oauth2_provider.models import Application  # noqa: E402
from oauth2_provider.views.generic import ProtectedResourceView  # noqa: E402


class ApiEndpoint(ProtectedResourceView):
    def get(self, request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
        return HttpResponse("Hello, OAuth2!")


urlpatterns = [
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
    path("api/hello", ApiEndpoint.as_view()),
]


def main() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    user = User.objects.create_user(
        os.environ["TEST_USERNAME"], password=os.environ["TEST_PASSWORD"]
    )
    Application.objects.create(
        name="jwtfix-tests",
        user=user,
        client_id=os.environ["OAUTH_CLIENT_ID"],
        client_secret=os.environ["OAUTH_CLIENT_SECRET"],
        client_type=Application.CLIENT_CONFIDENTIAL,
        authorization_grant_type=Application.GRANT_PASSWORD,
        algorithm=Application.RS256_ALGORITHM,
    )
    server_class = type("WSGIServer", (socketserver.ThreadingMixIn, WSGIServer), {})
    server = server_class(("127.0.0.1", 0), WSGIRequestHandler, ipv6=False)
    server.daemon_threads = True
    server.set_app(get_wsgi_application())
    print(f"listening on {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
