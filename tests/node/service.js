// A test service for `jwtfix check --live`: Express 5 + jsonwebtoken 9, the auth flow of
// the troubleshooting article jwtfix comes from, and one variant per fault the JWT7xx
// findings describe.
//
//   JWT_SECRET=... JWT_REFRESH_SECRET=... node service.js [--fault NAME] [--port N]
//
// Every variant is mounted under /<fault>/ (e.g. /no-rotation/auth/login), and the one
// chosen by --fault or FAULT (default: healthy) also at /, so one process serves a whole
// test module. It listens on 127.0.0.1 (port 0 = any free one) and prints
// `listening on <port>` once it accepts connections. GET /<fault>/_test/requests answers
// how many requests that variant has seen (itself not counted).
"use strict";

const crypto = require("node:crypto");
const express = require("express");
const jwt = require("jsonwebtoken");

const FAULTS = {
  healthy: "everything as the article says",
  "no-refresh": "no refresh endpoint, and login returns no refresh token",
  "no-rotation": "refresh returns only an access token; the refresh token stays usable",
  "no-invalidation": "refresh returns a new refresh token but the old one keeps working",
  "no-reuse-detection": "a reused rotated token is refused but its family is not revoked",
  "logout-noop": "logout answers 204 and does nothing",
  "logout-keeps-access": "logout deletes the refresh token but does not blacklist the access token",
  "decode-not-verify": "the middleware calls jwt.decode instead of jwt.verify",
  "ignore-expiration": "jwt.verify with ignoreExpiration: true",
  "same-secret": "the refresh token is signed with JWT_SECRET too",
  "accept-none": "the middleware accepts alg none tokens",
  "status-500": "refusals are 500 (an error handler that rethrows)",
  "status-403": "refusals are 403",
  "no-challenge": "refusals are 401 without WWW-Authenticate",
  "identical-401": "every refusal is the same 401, expired or not",
  "clock-ahead-20m": "the service's clock (Date header, iat) runs 20 minutes ahead",
  "redirect-other-origin": "the protected route redirects to another origin (REDIRECT_TO)",
  "refresh-cookie": "the refresh token comes and goes as an HttpOnly Secure cookie",
  "login-no-token": "login answers 200 without any token",
  "wrong-secret": "the middleware verifies with another secret than login signs with",
};

function argument(name) {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : undefined;
}

const ACCESS_SECRET = process.env.JWT_SECRET;
const REFRESH_SECRET = process.env.JWT_REFRESH_SECRET;
if (!ACCESS_SECRET || !REFRESH_SECRET) {
  console.error("service.js: JWT_SECRET and JWT_REFRESH_SECRET must be set");
  process.exit(2);
}
const ROOT_FAULT = argument("fault") || process.env.FAULT || "healthy";
if (!(ROOT_FAULT in FAULTS)) {
  console.error(`service.js: unknown fault ${ROOT_FAULT}; one of ${Object.keys(FAULTS).join(", ")}`);
  process.exit(2);
}
const PORT = Number(argument("port") || process.env.PORT || 0);
const REDIRECT_TO = process.env.REDIRECT_TO || "http://localhost:9";
const USERNAME = process.env.TEST_USERNAME || "alice";
const PASSWORD = process.env.TEST_PASSWORD || "correct-horse-battery";

function makeRouter(fault) {
  const router = express.Router();
  const offset = fault === "clock-ahead-20m" ? 20 * 60 : 0;
  const now = () => Math.floor(Date.now() / 1000) + offset;
  const refreshSecret = fault === "same-secret" ? ACCESS_SECRET : REFRESH_SECRET;
  const verifySecret = fault === "wrong-secret" ? `${ACCESS_SECRET}-other` : ACCESS_SECRET;
  const refreshTokens = new Map(); // jti -> { sub, family, used }
  const revokedFamilies = new Set();
  const blacklist = new Set(); // access-token jti until exp (never pruned: a test service)
  const counter = { requests: 0 };

  router.use((req, res, next) => {
    if (!req.path.startsWith("/_test/")) counter.requests += 1;
    // The Date header comes from this service's clock (20 minutes ahead for clock-ahead).
    res.setHeader("Date", new Date(now() * 1000).toUTCString());
    next();
  });
  router.use(express.json());

  router.get("/_test/requests", (req, res) => res.json({ count: counter.requests }));

  function issuePair(sub, family) {
    const accessToken = jwt.sign(
      { sub, username: USERNAME, jti: crypto.randomUUID(), iat: now() },
      ACCESS_SECRET,
      { expiresIn: "15m" },
    );
    const jti = crypto.randomUUID();
    const refreshToken = jwt.sign({ sub, jti, iat: now() }, refreshSecret, { expiresIn: "7d" });
    refreshTokens.set(jti, { sub, family, used: false });
    return { accessToken, refreshToken, expiresIn: 900 };
  }

  function sendTokens(res, pair, status = 200) {
    if (fault === "refresh-cookie") {
      res.cookie("refreshToken", pair.refreshToken, {
        httpOnly: true,
        secure: true,
        sameSite: "strict",
        path: "/",
        maxAge: 7 * 86400 * 1000,
      });
      return res.status(status).json({ accessToken: pair.accessToken, expiresIn: pair.expiresIn });
    }
    return res.status(status).json(pair);
  }

  function refuse(res, code, description, error = "invalid_token") {
    if (fault === "status-500") return res.status(500).json({ error: "Internal Server Error" });
    if (fault === "identical-401") {
      res.setHeader("WWW-Authenticate", 'Bearer realm="api"');
      return res.status(401).json({ error: "Unauthorized" });
    }
    if (fault !== "no-challenge") {
      const params = error ? `, error="${error}", error_description="${description}"` : "";
      res.setHeader("WWW-Authenticate", `Bearer realm="api"${params}`);
    }
    return res.status(fault === "status-403" ? 403 : 401).json({ error: description, code });
  }

  function readCookie(req, name) {
    for (const part of (req.headers.cookie || "").split(";")) {
      const [key, ...rest] = part.trim().split("=");
      if (key === name) return decodeURIComponent(rest.join("="));
    }
    return undefined;
  }

  function authenticate(req, res, next) {
    if (fault === "redirect-other-origin") {
      return res.redirect(307, `${REDIRECT_TO}${req.originalUrl}`);
    }
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization || "");
    if (!match) return refuse(res, "NO_TOKEN", "No token provided", null);
    const token = match[1];
    let payload;
    try {
      if (fault === "decode-not-verify") {
        payload = jwt.decode(token);
        if (!payload) throw new jwt.JsonWebTokenError("jwt malformed");
      } else if (fault === "accept-none" && jwt.decode(token, { complete: true })?.header.alg === "none") {
        payload = jwt.decode(token);
      } else {
        payload = jwt.verify(token, verifySecret, {
          algorithms: ["HS256"],
          clockTolerance: 60,
          clockTimestamp: now(),
          ignoreExpiration: fault === "ignore-expiration",
        });
      }
    } catch (err) {
      if (err instanceof jwt.TokenExpiredError) {
        return refuse(res, "TOKEN_EXPIRED", "The access token expired");
      }
      return refuse(res, "INVALID_TOKEN", "The access token is invalid");
    }
    if (payload.jti && blacklist.has(payload.jti)) {
      return refuse(res, "INVALID_TOKEN", "The access token was revoked");
    }
    req.user = payload;
    return next();
  }

  router.post("/auth/login", (req, res) => {
    const { username, password } = req.body || {};
    if (username !== USERNAME || password !== PASSWORD) {
      return res.status(401).json({ error: "Invalid credentials", code: "INVALID_CREDENTIALS" });
    }
    if (fault === "login-no-token") return res.json({ message: "logged in", user: USERNAME });
    const pair = issuePair("user-1", crypto.randomUUID());
    if (fault === "no-refresh") return res.json({ accessToken: pair.accessToken, expiresIn: 900 });
    return sendTokens(res, pair);
  });

  if (fault !== "no-refresh") {
    router.post("/auth/refresh", (req, res) => {
      const given =
        fault === "refresh-cookie" ? readCookie(req, "refreshToken") : req.body?.refreshToken;
      if (!given) return res.status(401).json({ error: "No refresh token", code: "NO_TOKEN" });
      let payload;
      try {
        payload = jwt.verify(given, refreshSecret, { algorithms: ["HS256"], clockTimestamp: now() });
      } catch {
        return res.status(401).json({ error: "Invalid refresh token", code: "INVALID_TOKEN" });
      }
      const stored = refreshTokens.get(payload.jti);
      if (!stored || revokedFamilies.has(stored.family)) {
        return res.status(401).json({ error: "Refresh token revoked", code: "INVALID_TOKEN" });
      }
      if (stored.used) {
        // Reuse of a rotated token: someone else holds the family. End it.
        if (fault !== "no-reuse-detection") revokedFamilies.add(stored.family);
        return res.status(401).json({ error: "Refresh token reused", code: "TOKEN_REUSED" });
      }
      if (fault === "no-rotation") {
        const pair = issuePair(payload.sub, stored.family);
        return res.json({ accessToken: pair.accessToken, expiresIn: 900 });
      }
      if (fault !== "no-invalidation") stored.used = true;
      return sendTokens(res, issuePair(payload.sub, stored.family));
    });
  }

  router.post("/auth/logout", authenticate, (req, res) => {
    if (fault !== "logout-noop") {
      const given =
        fault === "refresh-cookie" ? readCookie(req, "refreshToken") : req.body?.refreshToken;
      if (given) {
        const payload = jwt.decode(given);
        if (payload?.jti) refreshTokens.delete(payload.jti);
      }
      if (fault !== "logout-keeps-access" && req.user.jti) blacklist.add(req.user.jti);
      if (fault === "refresh-cookie") res.clearCookie("refreshToken", { path: "/" });
    }
    return res.status(204).end();
  });

  router.get("/auth/me", authenticate, (req, res) => {
    res.json({ id: req.user.sub, username: req.user.username });
  });

  return router;
}

const app = express();
app.disable("x-powered-by");
for (const fault of Object.keys(FAULTS)) app.use(`/${fault}`, makeRouter(fault));
app.use("/", makeRouter(ROOT_FAULT));

const server = app.listen(PORT, "127.0.0.1", () => {
  console.log(`listening on ${server.address().port}`);
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
