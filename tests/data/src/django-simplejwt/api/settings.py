import os
from datetime import timedelta

SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
INSTALLED_APPS = ["rest_framework", "rest_framework_simplejwt"]
SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(hours=6),
    "REFRESH_TOKEN_LIFETIME": timedelta(days=7),
    "ROTATE_REFRESH_TOKENS": False,
    "ALGORITHM": "HS256",
}
