import os
from datetime import timedelta

from flask import Flask, jsonify
from flask_jwt_extended import (
    JWTManager,
    create_access_token,
    create_refresh_token,
    get_jwt,
    get_jwt_identity,
    jwt_required,
)

app = Flask(__name__)
app.config["JWT_SECRET_KEY"] = os.environ["JWT_SECRET_KEY"]
app.config["JWT_ACCESS_TOKEN_EXPIRES"] = timedelta(minutes=15)
jwt = JWTManager(app)
revoked = set()


@jwt.token_in_blocklist_loader
def check_if_token_revoked(jwt_header, jwt_payload):
    return jwt_payload["jti"] in revoked


@app.route("/login", methods=["POST"])
def login():
    return jsonify(
        access_token=create_access_token(identity="u"),
        refresh_token=create_refresh_token(identity="u"),
    )


@app.route("/refresh", methods=["POST"])
@jwt_required(refresh=True)
def refresh():
    identity = get_jwt_identity()
    return jsonify(access_token=create_access_token(identity=identity))


@app.route("/logout", methods=["DELETE"])
@jwt_required(verify_type=False)
def logout():
    revoked.add(get_jwt()["jti"])
    return jsonify(msg="token revoked")
