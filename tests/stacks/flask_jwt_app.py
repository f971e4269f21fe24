"""Flask + Flask-JWT-Extended, as its documentation's refresh and blocklist pages show.

    python flask_jwt_app.py

POST /login (JSON `{"username", "password"}`) answers `{"access_token",
"refresh_token"}`; POST /refresh is `@jwt_required(refresh=True)`, so the
refresh token goes in `Authorization: Bearer`; DELETE /logout is
`@jwt_required(verify_type=False)` and revokes the one token it is sent (its
`jti` goes into the blocklist that `token_in_blocklist_loader` reads: the
documentation's Redis or database store, here a set in memory); GET
/protected is `@jwt_required()`. Default settings otherwise (15 min access,
30 days refresh, HS256 with JWT_SECRET_KEY). Served by Werkzeug's development
server (what `flask run` runs) on 127.0.0.1, port 0; prints `listening on PORT`.
Runs in the stacks virtualenv (tests/stacks/requirements.txt).
"""

import os
import threading
from typing import Any

from flask import Flask, jsonify, request
from flask_jwt_extended import (
    JWTManager,
    create_access_token,
    create_refresh_token,
    get_jwt,
    get_jwt_identity,
    jwt_required,
)
from werkzeug.serving import make_server

app = Flask(__name__)
app.config["JWT_SECRET_KEY"] = os.environ["JWT_SECRET_KEY"]
jwt = JWTManager(app)

USERS = {os.environ["TEST_USERNAME"]: os.environ["TEST_PASSWORD"]}
blocklist: set[str] = set()
blocklist_lock = threading.Lock()


@jwt.token_in_blocklist_loader
def check_if_token_revoked(jwt_header: dict[str, Any], jwt_payload: dict[str, Any]) -> bool:
    with blocklist_lock:
        return jwt_payload["jti"] in blocklist


@app.route("/login", methods=["POST"])
def login() -> Any:
    username = request.json.get("username", None) if request.is_json else None
    password = request.json.get("password", None) if request.is_json else None
    if username not in USERS or USERS[username] != password:
        return jsonify({"msg": "Bad username or password"}), 401
    access_token = create_access_token(identity=username)
    refresh_token = create_refresh_token(identity=username)
    return jsonify(access_token=access_token, refresh_token=refresh_token)


@app.route("/refresh", methods=["POST"])
@jwt_required(refresh=True)
def refresh() -> Any:
    identity = get_jwt_identity()
    access_token = create_access_token(identity=identity)
    return jsonify(access_token=access_token)


@app.route("/logout", methods=["DELETE"])
@jwt_required(verify_type=False)
def logout() -> Any:
    token = get_jwt()
    with blocklist_lock:
        blocklist.add(token["jti"])
    return jsonify(msg=f"{token['type'].capitalize()} token successfully revoked")


@app.route("/protected", methods=["GET"])
@jwt_required()
def protected() -> Any:
    return jsonify(logged_in_as=get_jwt_identity())


if __name__ == "__main__":
    server = make_server("127.0.0.1", 0, app, threaded=True)
    print(f"listening on {server.port}", flush=True)
    server.serve_forever()
